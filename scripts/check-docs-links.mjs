#!/usr/bin/env node
// Fails when a README links to a page of the API reference that `pnpm run docs` did not build, or
// when a public package's README does not link to its own page. The reference is published at
// typedoc.json's `hostedBaseUrl`; a link there maps to the same path under docs/api/. Run after
// TypeDoc; `pnpm run docs` runs it.
//
//   node scripts/check-docs-links.mjs   exits 1 and lists each broken or missing link

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The page of a package in the reference: `@fs/core` -> `modules/_fs_core.html`. */
export const packagePage = (name) => `modules/${name.replace(/[@/]/g, '_')}.html`;

/** Each link in `markdown` under `base`, as the path after it (`''` for the front page). */
export function referenceLinks(markdown, base) {
  const escaped = base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return [...markdown.matchAll(new RegExp(`\\]\\(${escaped}([^)#\\s]*)`, 'g'))].map((m) => m[1]);
}

/** What is wrong with the links of `readmes` ({ file, text, packageName? }) against `built`. */
export function linkProblems(readmes, base, built) {
  const problems = [];
  for (const { file, text, packageName } of readmes) {
    const links = referenceLinks(text, base);
    for (const link of links) {
      if (!built(link === '' ? 'index.html' : link))
        problems.push(`${file}: ${base}${link} was not built`);
    }
    if (packageName && !links.includes(packagePage(packageName))) {
      problems.push(`${file}: no link to ${base}${packagePage(packageName)}`);
    }
    if (!packageName && links.length === 0) problems.push(`${file}: no link to ${base}`);
  }
  return problems;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const base = JSON.parse(readFileSync(join(root, 'typedoc.json'), 'utf8')).hostedBaseUrl;
  const readmes = [{ file: 'README.md', text: readFileSync(join(root, 'README.md'), 'utf8') }];
  for (const dir of readdirSync(join(root, 'packages'))) {
    const manifest = JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8'));
    if (manifest.private) continue;
    const file = `packages/${dir}/README.md`;
    readmes.push({
      file,
      text: readFileSync(join(root, file), 'utf8'),
      packageName: manifest.name,
    });
  }
  const problems = linkProblems(readmes, base, (path) => existsSync(join(root, 'docs/api', path)));
  if (problems.length > 0) {
    console.error(problems.join('\n'));
    process.exit(1);
  }
  console.log(`API reference links: ${readmes.length} READMEs link to pages that were built`);
}
