// Regular uploads and Intelligent Ingestion side by side on a flaky network, made by the
// emulator's own fault rules on the part and chunk PUTs. A script, not a test:
//
//   pnpm build && pnpm --filter @fs/bench flaky-network
//   pnpm --filter @fs/bench flaky-network -- --uploads 3 --mib 20 --rates 25 --only 503,stall
//
// Each cell (a kind of fault at a rate) runs `--uploads` uploads of `--mib` MiB in each mode,
// alternating regular and intelligent, each mode against its own emulator started with the same
// seed (the same draws of the fault rules). Every upload that resolves is checked against the
// MD5 of its bytes as stored. Prints successes, goodput (MiB stored per second of uploading,
// failed uploads' time included) and requests per upload, and fails when a target is missed:
// 10/10 for both modes at 10% and 25%, intelligent at least as good as regular at 40%.
import { createHash, randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';

const MIB = 1024 * 1024;
/**
 * The uploads' idle timeout, and a stall that outlasts it so that a stalled PUT fails rather
 * than waits. Node suspends its idle timer while a write of the body is still draining, so a
 * PUT stuck mid-body fails between one and two timeouts in: the stall lasts longer than both.
 */
const TIMEOUT = 5_000;
const STALL = 12_000;
/** The throttled link: per request, so 4 parts in flight move 4 times this. */
const LINK = 4 * MIB;

// A cell's rules for fault rate `r` (0-1). Outcome rules fire first-come, so the k-th of n
// kinds sharing a rate draws r/n / (1 - k r/n): each kind then hits r/n of the PUTs and together
// they hit r. A stall is a link fault drawn independently of the outcome rules.
const reset = (rate) => ({ route: 'put', kind: 'reset', afterBytes: MIB, rate });
const status = (rate) => ({ route: 'put', kind: 'status', status: 503, rate });
const rateLimit = (rate) => ({ route: 'put', kind: 'rate-limit', retryAfter: 1, rate });
const stall = (rate) => ({ route: 'put', kind: 'stall', ms: STALL, rate });
const SCENARIOS = [
  ['reset mid-body', (r) => [reset(r)]],
  ['503', (r) => [status(r)]],
  ['429 Retry-After 1 s', (r) => [rateLimit(r)]],
  [`stall ${STALL / 1000} s (timeout ${TIMEOUT / 1000} s)`, (r) => [stall(r)]],
  [
    `all four, ${LINK / MIB} MiB/s link`,
    (r) => {
      const each = r / 4;
      const outcomes = [reset, status, rateLimit].map((rule, k) => rule(each / (1 - k * each)));
      return [
        ...outcomes,
        stall(each / (1 - 3 * each)),
        { route: 'put', kind: 'throttle', bytesPerSecond: LINK },
      ];
    },
  ],
];

const MODES = [
  ['regular', false],
  ['intelligent', true],
];

const { values } = parseArgs({
  // pnpm 10 passes the `--` of `pnpm --filter @fs/bench <script> -- --flag` on to the script.
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    uploads: { type: 'string', default: '10' },
    mib: { type: 'string', default: '20' },
    rates: { type: 'string', default: '10,25,40' },
    only: { type: 'string' },
    seed: { type: 'string', default: '1' },
  },
});
const uploads = Number(values.uploads);
const size = Number(values.mib) * MIB;
const rates = values.rates.split(',').map(Number);
const only = values.only?.split(',') ?? [''];
const scenarios = SCENARIOS.filter(([name]) => only.some((part) => name.includes(part)));

const { startEmulator } = await import('@fs/emulator');
const { upload } = await import('@fs/upload');

const rows = [];
for (const [name, rules] of scenarios) {
  for (const rate of rates) {
    const row = { name, rate, modes: {} };
    const emulators = {};
    for (const [mode] of MODES) {
      emulators[mode] = await startEmulator({ port: 0, seed: Number(values.seed) + rate });
      for (const rule of rules(rate / 100)) emulators[mode].faults.add(rule);
      row.modes[mode] = { ok: 0, wrong: 0, ms: 0, bytes: 0, errors: new Map() };
    }
    try {
      for (let run = 0; run < uploads; run++) {
        const bytes = new Uint8Array(randomBytes(size));
        const md5 = createHash('md5').update(bytes).digest('hex');
        for (const [mode, intelligent] of MODES) {
          await uploadOnce(emulators[mode], bytes, md5, intelligent, row.modes[mode]);
        }
      }
      for (const [mode] of MODES) {
        const { counts } = emulators[mode].stats();
        row.modes[mode].requests = Object.values(counts).reduce((a, b) => a + b, 0);
        row.modes[mode].puts = counts.put;
      }
    } finally {
      for (const emu of Object.values(emulators)) await emu.close();
    }
    rows.push(row);
    printRow(row);
  }
}
report(rows);

async function uploadOnce(emu, bytes, md5, intelligent, tally) {
  const started = performance.now();
  try {
    const file = await upload(bytes, {
      apikey: emu.apikey,
      urls: emu.urls,
      intelligent,
      timeout: TIMEOUT,
    });
    tally.ms += performance.now() - started;
    const stored = await fetch(`${emu.url}/${file.handle}/metadata?md5=true`).then((r) => r.json());
    if (stored.md5 !== md5) {
      tally.wrong++;
      return;
    }
    tally.ok++;
    tally.bytes += bytes.length;
  } catch (error) {
    tally.ms += performance.now() - started;
    const key = `${error.code ?? error.name}: ${String(error.message).slice(0, 90)}`;
    tally.errors.set(key, (tally.errors.get(key) ?? 0) + 1);
  }
}

function cells(row) {
  return MODES.map(([mode]) => {
    const m = row.modes[mode];
    const goodput = m.ms > 0 ? m.bytes / MIB / (m.ms / 1000) : 0;
    return {
      ok: `${m.ok}/${uploads}`,
      goodput: goodput.toFixed(1),
      requests: (m.requests / uploads).toFixed(0),
      puts: (m.puts / uploads).toFixed(0),
    };
  });
}

function printRow(row) {
  const [r, i] = cells(row);
  console.error(
    `${row.name} at ${row.rate}%: regular ${r.ok} ${r.goodput} MiB/s, intelligent ${i.ok} ${i.goodput} MiB/s`,
  );
  for (const [mode] of MODES) {
    for (const [error, times] of row.modes[mode].errors) {
      console.error(`  ${mode} failed ${times}x: ${error}`);
    }
  }
}

function report(rows) {
  console.log(
    `\n${uploads} uploads of ${size / MIB} MiB per mode and cell; faults on part and chunk PUTs.\n`,
  );
  console.log(
    '| faults | rate | regular ok | intelligent ok | regular MiB/s | intelligent MiB/s | regular requests (PUTs) | intelligent requests (PUTs) |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const row of rows) {
    const [r, i] = cells(row);
    console.log(
      `| ${row.name} | ${row.rate}% | ${r.ok} | ${i.ok} | ${r.goodput} | ${i.goodput} | ${r.requests} (${r.puts}) | ${i.requests} (${i.puts}) |`,
    );
  }
  const checks = [];
  for (const row of rows) {
    const { regular, intelligent } = row.modes;
    const label = `${row.name} at ${row.rate}%`;
    checks.push([
      `${label}: no upload resolved with wrong bytes`,
      regular.wrong + intelligent.wrong === 0,
    ]);
    if (row.rate <= 25) {
      checks.push([
        `${label}: ${uploads}/${uploads} for both`,
        regular.ok === uploads && intelligent.ok === uploads,
      ]);
    } else {
      checks.push([
        `${label}: intelligent at least as good as regular`,
        intelligent.ok >= regular.ok,
      ]);
    }
  }
  console.log('');
  for (const [name, ok] of checks) console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}`);
  if (checks.some(([, ok]) => !ok)) process.exitCode = 1;
}
