#!/usr/bin/env node
// Fails when an option's JSDoc states its default in prose ("Default 1000.", "(default 4)",
// "`S3` by default") without a `@default` tag. Editors show `@default` beside the option, as
// ky's options do; a default only in prose is easy to miss and drifts from the code. Options
// whose JSDoc never mentions a default are not flagged: this finds prose to turn into a tag.
//
//   node scripts/check-default-tags.mjs   exits 1 and lists each option with its file and line

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A JSDoc block right before an optional property: `/** ... *\/ name?:`. */
const OPTION = /\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*(?:readonly\s+)?(\w+)\?\s*:/g;

/** Prose that states a default. */
const DEFAULT_IN_PROSE = /\bdefaults?\b/i;

/** Each option of `source` whose JSDoc states a default without a tag, as `{ line, name }`. */
export function untaggedDefaults(source) {
  const found = [];
  for (const match of source.matchAll(OPTION)) {
    const doc = match[1];
    if (/@default\b/.test(doc)) continue;
    // Links and code may say "default" without stating one: DEFAULT_POLL, `defaultTransport`.
    const prose = doc.replace(/\{@link [^}]*\}|`[^`]*`/g, '');
    if (!DEFAULT_IN_PROSE.test(prose)) continue;
    found.push({ line: source.slice(0, match.index).split('\n').length, name: match[2] });
  }
  return found;
}

/** Hand-written TypeScript sources under `dir` (generated files are checked at their generator). */
export function sources(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sources(path);
    return /\.ts$/.test(entry.name) && !/\.generated\.ts$/.test(entry.name) ? [path] : [];
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const packages = join(root, 'packages');
  const files = readdirSync(packages).flatMap((name) => {
    try {
      return sources(join(packages, name, 'src'));
    } catch {
      return [];
    }
  });
  const found = files.flatMap((file) =>
    untaggedDefaults(readFileSync(file, 'utf8')).map(
      (option) => `  ${relative(root, file)}:${option.line}: ${option.name}`,
    ),
  );
  if (found.length > 0) {
    console.error(
      `Options whose default is stated only in prose (add a @default tag):\n${found.join('\n')}`,
    );
    process.exit(1);
  }
  console.log(`Every option default in ${files.length} source files has its @default tag.`);
}
