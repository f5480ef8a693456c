#!/usr/bin/env node
/**
 * Checks that `@fs/core` is the one HTTP layer: no other SDK package under `packages/` sends
 * API requests with its own `fetch`, reads answers, maps HTTP failures to errors, lists retry
 * statuses or defines a request timeout. Part PUTs are the one exception, by design: they keep a
 * transport per runtime (node:http, XMLHttpRequest, fetch) because ky can neither report upload
 * bytes nor keep `Content-Length` on a stream; each allowed line is listed below with why.
 *
 *   node scripts/check-one-http-layer.mjs    exits 1 and lists every line that breaks a rule
 *
 * Every rule carries an example line it must flag, checked first, so a rule whose pattern
 * stopped matching anything fails the run instead of passing it silently. `@fs/emulator` is
 * not part of the SDK (it imports no SDK package) and is not checked.
 */

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));

/**
 * @typedef {object} Rule
 * @property {string} name what the rule forbids outside core
 * @property {RegExp} pattern a line that breaks it
 * @property {string} example a line the pattern must flag
 * @property {Record<string, string>} [allowed] files (from the repo root) allowed to, and why
 */

const PART_PUTS = 'a part PUT transport: bytes to storage, not an API call';

/** @type {Rule[]} */
const RULES = [
  {
    name: 'imports ky (only @fs/core wraps it)',
    pattern: /from\s+['"]ky['"]|require\(\s*['"]ky['"]\s*\)/,
    example: "import ky from 'ky';",
  },
  {
    name: 'calls fetch itself (API calls go through createHttp)',
    pattern: /\bfetch(?:Impl)?\s*\(|\?\?\s*fetch\)\s*\(/,
    example: 'const response = await (options.fetch ?? fetch)(url, { method: "POST" });',
    allowed: { 'packages/upload/src/transport.fetch.ts': PART_PUTS },
  },
  {
    name: 'reads an HTTP answer (core reads them, bounded and under the timeout)',
    pattern: /\breadBody\(\s*res(?:ponse)?\b|\bres(?:ponse)?\.(?:json|text|arrayBuffer|blob)\(\)/,
    example: 'const body = await readBody(response);',
  },
  {
    name: 'builds an HttpError from an answer (core maps answers to errors)',
    pattern: /\bnew HttpError\(/,
    example: 'throw new HttpError({ status: response.status, method, url, body, retryable });',
    allowed: {
      'packages/upload/src/transport.ts':
        'partHttpError: the error of a part PUT answer, for every transport',
    },
  },
  {
    name: 'lists retry statuses (the retry policy in core owns them)',
    pattern: /\[\s*408\s*,\s*429\b|\b(?:RETRY|RETRYABLE)_STATUS(?:ES|_CODES)\s*=/,
    example: 'const RETRY_STATUSES = [408, 429, 500, 502, 503, 504];',
  },
  {
    name: 'defines a request timeout (core has DEFAULT_TIMEOUT)',
    pattern: /\bDEFAULT_TIMEOUT\s*=|\btimeout\s*\?\?\s*[\d(]|\bTIMED_OUT\b/,
    example: '  timeout: options.timeout ?? 30_000,',
  },
  {
    name: 'arms its own abort timer around a request (core times requests)',
    pattern: /setTimeout\(\s*\(\)\s*=>\s*\w+\.abort\(/,
    example: 'const id = setTimeout(() => timer.abort(TIMED_OUT), timeout);',
    allowed: { 'packages/upload/src/transport.fetch.ts': PART_PUTS },
  },
];

/** Every `.ts` file under `dir`. */
function sources(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

const problems = [];
for (const rule of RULES) {
  if (!rule.pattern.test(rule.example)) {
    problems.push(`rule "${rule.name}" does not flag its own example: ${rule.example}`);
  }
}

const packagesDir = join(root, 'packages');
const checked = readdirSync(packagesDir).filter((name) => !['core', 'emulator'].includes(name));
let files = 0;
for (const name of checked) {
  let paths;
  try {
    paths = sources(join(packagesDir, name, 'src'));
  } catch {
    continue;
  }
  for (const path of paths) {
    files++;
    const file = relative(root, path).split('\\').join('/');
    readFileSync(path, 'utf8')
      .split('\n')
      .forEach((line, index) => {
        if (/^\s*(\/\/|\*|\/\*)/.test(line)) return; // comments may name what they avoid
        for (const rule of RULES) {
          if (rule.pattern.test(line) && !rule.allowed?.[file]) {
            problems.push(`${file}:${index + 1} ${rule.name}\n    ${line.trim()}`);
          }
        }
      });
  }
}

if (files === 0) problems.push(`no source files found under ${relative(root, packagesDir)}`);
if (problems.length > 0) {
  console.error(`One HTTP layer: ${problems.length} problem(s)\n  ${problems.join('\n  ')}`);
  process.exitCode = 1;
} else {
  console.log(
    `One HTTP layer: ${files} files of ${checked.join(', ')} checked, core is the only one`,
  );
}
