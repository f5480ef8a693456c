/**
 * node frontend-bundle.mjs <dist>: checks the Vite build of the frontend consumer. Its source
 * maps must show code of @fs/transform and @fs/upload, and of no other @fs package but
 * @fs/core; no chunk may import a `node:` module.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ALLOWED = new Set(['transform', 'upload', 'core']);
const REQUIRED = ['transform', 'upload'];

const assets = join(process.argv[2], 'assets');
const chunks = readdirSync(assets).filter((name) => name.endsWith('.js'));
const packages = new Set();
const problems = [];
let bytes = 0;
for (const chunk of chunks) {
  const code = readFileSync(join(assets, chunk), 'utf8');
  bytes += code.length;
  for (const match of code.matchAll(/["'`](node:[\w/]+)["'`]/g)) {
    problems.push(`${chunk} names ${match[1]}`);
  }
  const map = JSON.parse(readFileSync(join(assets, `${chunk}.map`), 'utf8'));
  for (const source of map.sources) {
    const pkg = /node_modules\/@fs\/([\w-]+)\//.exec(source)?.[1];
    if (pkg) packages.add(pkg);
  }
}
for (const pkg of packages) {
  if (!ALLOWED.has(pkg)) problems.push(`the bundle holds code of @fs/${pkg}`);
}
for (const pkg of REQUIRED) {
  if (!packages.has(pkg)) problems.push(`no code of @fs/${pkg} in the source maps (check broken?)`);
}
if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
const list = [...packages].sort().map((pkg) => `@fs/${pkg}`);
console.log(`frontend: ${chunks.length} chunk(s), ${bytes} B, code of ${list.join(', ')} only`);
