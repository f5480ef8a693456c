/**
 * node tarballs.mjs <registry URL> <README.md> <package name>...: downloads each package's latest
 * tarball from the registry and checks it. It may hold only package.json, README.md, LICENSE,
 * dist/ and the files its `bin` names (no sources, tests or fixtures), and must hold the README
 * and LICENSE. Prints each tarball's size beside the README package table's "tarball" column, and
 * fails when the README has no size for a package or one more than 25% off (update the column to
 * the printed size).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [registry, readmePath, ...names] = process.argv.slice(2);
const TOLERANCE = 0.25;

/** `12.3 kB`, as npm prints sizes (1 kB = 1,000 B). */
const kB = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;

/** The tarball sizes the README's package table states, by package name. */
function readmeSizes(text) {
  const sizes = new Map();
  const header = text.split('\n').find((line) => line.startsWith('| package |'));
  const column = header?.split('|').findIndex((cell) => cell.trim() === 'tarball');
  for (const line of text.split('\n')) {
    const name = /^\| \[`(@fs\/[\w-]+)`\]/.exec(line)?.[1];
    if (!name || !column) continue;
    const size = /([\d.]+) kB/.exec(line.split('|')[column] ?? '')?.[1];
    if (size) sizes.set(name, Number(size) * 1000);
  }
  return sizes;
}

/** Entries of a tarball: path (without `package/`) and size, from `tar -tvzf`. */
function entries(tarball) {
  const listing = execFileSync('tar', ['-tvzf', tarball], { encoding: 'utf8' });
  return listing
    .trim()
    .split('\n')
    .map((line) => {
      const fields = line.trim().split(/\s+/);
      return { path: fields.at(-1).replace(/^package\//, ''), size: Number(fields[2]) };
    })
    .filter((entry) => !entry.path.endsWith('/'));
}

function allowed(path, bins) {
  if (['package.json', 'README.md', 'LICENSE'].includes(path)) return true;
  if (bins.has(path)) return true;
  return path.startsWith('dist/') && !/(^|\/)(test|tests|fixtures|__tests__)\/|\.test\./.test(path);
}

/** Downloads the latest tarball of `name` into `folder`; answers its path. */
async function download(name, folder) {
  const packument = await (await fetch(new URL(name.replace('/', '%2f'), registry))).json();
  const { tarball: url } = packument.versions[packument['dist-tags'].latest].dist;
  const answer = await fetch(url);
  if (!answer.ok) throw new Error(`${url}: HTTP ${answer.status}`);
  const path = join(folder, `${name.replace(/[@/]/g, '_')}.tgz`);
  writeFileSync(path, Buffer.from(await answer.arrayBuffer()));
  return path;
}

const folder = mkdtempSync(join(tmpdir(), 'fs-tarballs-'));
const tarballs = await Promise.all(names.map((name) => download(name, folder)));
const stated = readmeSizes(readFileSync(readmePath, 'utf8'));
const problems = [];
const rows = [];
for (const tarball of tarballs) {
  const files = entries(tarball);
  const manifest = JSON.parse(
    execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' }),
  );
  const bins = new Set(
    Object.values(
      typeof manifest.bin === 'string' ? { [manifest.name]: manifest.bin } : (manifest.bin ?? {}),
    ).map((path) => path.replace(/^\.\//, '')),
  );
  for (const file of files) {
    if (!allowed(file.path, bins)) problems.push(`${manifest.name}: ${file.path} should not ship`);
  }
  for (const needed of ['package.json', 'README.md', 'LICENSE']) {
    if (!files.some((file) => file.path === needed)) {
      problems.push(`${manifest.name}: no ${needed}`);
    }
  }
  const packed = statSync(tarball).size;
  const unpacked = files.reduce((sum, file) => sum + file.size, 0);
  const readme = stated.get(manifest.name);
  if (readme === undefined) problems.push(`${manifest.name}: no tarball size in the README`);
  else if (Math.abs(readme - packed) > TOLERANCE * packed) {
    problems.push(`${manifest.name}: the README says ${kB(readme)}, the tarball is ${kB(packed)}`);
  }
  rows.push([
    manifest.name,
    String(files.length),
    kB(packed),
    kB(unpacked),
    readme ? kB(readme) : '-',
  ]);
}

const header = ['package', 'files', 'packed', 'unpacked', 'README'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
for (const row of [header, ...rows.sort((a, b) => a[0].localeCompare(b[0]))]) {
  console.log(
    row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  '),
  );
}
rmSync(folder, { recursive: true, force: true });
if (rows.length === 0) problems.push('no package named');
if (problems.length > 0) {
  console.error(`\n${problems.join('\n')}`);
  process.exit(1);
}
