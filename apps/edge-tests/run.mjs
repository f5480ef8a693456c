/**
 * `pnpm --filter @fs/edge-tests test:edge [workerd] [bun] [deno]`: runs the @fs/webhooks and
 * @fs/transform test suites (src/suites.mjs) inside each runtime, after a self-check that the
 * runtime reports failures. Exits non-zero when a test fails, a runtime cannot start, or the
 * self-check does not come out as expected. `--json` prints every result; `--report=<file>`
 * also writes them to a file (`.ci/run` counts the suites from it).
 */
import { writeFileSync } from 'node:fs';
import { bundleFor, selfCheckFiles } from './src/bundle.mjs';
import { startControlServer } from './src/control-server.mjs';
import { runBun, runDeno, runWorkerd } from './src/runtimes.mjs';

const RUNTIMES = { workerd: runWorkerd, bun: runBun, deno: runDeno };
const args = process.argv.slice(2);
const asJson = args.includes('--json');
const reportFile = args.find((a) => a.startsWith('--report='))?.slice('--report='.length);
const chosen = args.filter((a) => !a.startsWith('--'));
for (const name of chosen) {
  if (!(name in RUNTIMES))
    throw new Error(`unknown runtime ${name}: ${Object.keys(RUNTIMES).join(', ')}`);
}
const runtimes = chosen.length > 0 ? chosen : Object.keys(RUNTIMES);

const SELF_CHECK = {
  'self-check self-check.fixture.ts > self-check > passes': 'pass',
  'self-check self-check.fixture.ts > self-check > fails on a wrong value': 'fail',
  'self-check self-check.fixture.ts > self-check > fails on an expectation it did not await':
    'fail',
};

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour codes from Vitest's diff
const plain = (text) => String(text).replace(/\u001b\[[0-9;]*m/g, '');

const control = await startControlServer();
const rows = [];
let failed = false;
try {
  for (const runtime of runtimes) {
    const started = Date.now();
    try {
      const check = await RUNTIMES[runtime](await bundleFor(runtime, selfCheckFiles()), {
        control: control.url,
      });
      const got = Object.fromEntries(check.results.map((r) => [r.name, r.state]));
      if (JSON.stringify(got) !== JSON.stringify(SELF_CHECK)) {
        throw new Error(
          `self-check: expected ${JSON.stringify(SELF_CHECK)}, got ${JSON.stringify(got)}`,
        );
      }
      const { userAgent, results } = await RUNTIMES[runtime](await bundleFor(runtime), {
        control: control.url,
      });
      const count = (state) => results.filter((r) => r.state === state).length;
      rows.push({
        runtime,
        userAgent,
        tests: results.length,
        pass: count('pass'),
        fail: count('fail'),
        skip: count('skip'),
        ms: Date.now() - started,
        results,
      });
      if (count('fail') > 0 || results.length === 0) failed = true;
    } catch (error) {
      failed = true;
      rows.push({
        runtime,
        error: plain(error instanceof Error ? error.message : error),
        ms: Date.now() - started,
      });
    }
  }
} finally {
  await control.close();
}

if (reportFile) writeFileSync(reportFile, JSON.stringify(rows, null, 1));
if (asJson) {
  console.log(JSON.stringify(rows, null, 2));
} else {
  const header = ['runtime', 'user agent', 'tests', 'passed', 'failed', 'skipped', 'time'];
  const lines = rows.map((r) =>
    r.error
      ? [r.runtime, 'could not run', '', '', '', '', `${(r.ms / 1000).toFixed(1)} s`]
      : [
          r.runtime,
          r.userAgent ?? '?',
          r.tests,
          r.pass,
          r.fail,
          r.skip,
          `${(r.ms / 1000).toFixed(1)} s`,
        ].map(String),
  );
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const format = (cells) =>
    cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(format(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const line of lines) console.log(format(line));
  for (const row of rows) {
    if (row.error) console.error(`\n${row.runtime}: ${row.error}`);
    for (const r of row.results?.filter((r) => r.state === 'fail') ?? []) {
      console.error(
        `\n${row.runtime} FAIL ${r.name}\n  ${plain(r.error).split('\n').join('\n  ')}`,
      );
    }
  }
}
process.exitCode = failed ? 1 : 0;
