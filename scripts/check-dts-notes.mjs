#!/usr/bin/env node
// Fails when a built type declaration (packages/*/dist/**/*.d.ts, .d.cts, .d.mts) carries a
// maintainer note. Those files are what users read in their editor: notes for whoever changes
// the code (our decisions, the other SDKs' schema quirks, to-dos) belong in `//` comments,
// which TypeScript leaves out of the declarations. Run after `pnpm build`; `pnpm lint` runs it.
//
//   node scripts/check-dts-notes.mjs   exits 1 and lists each note with its file and line

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** What a maintainer note looks like, and what to call it in the report. */
export const MAINTAINER_NOTES = [
  [/\bDecision:/, 'a "Decision:" note'],
  [/\bCatalog note:/, 'a "Catalog note:"'],
  [/\bMaintainer note\b/i, 'a maintainer note'],
  [/\bfilestack-js(?:'s)? (?:schema|validator|typings)\b/i, "a note on filestack-js's internals"],
  [/\bschema defect\b/i, 'a note on a schema defect'],
  [/\w+_test\.py\b/, "a reference to another SDK's tests"],
  [/\b(?:TODO|FIXME)\b/, 'a to-do'],
];

const DECLARATION = /\.d\.[cm]?ts$/;

/** Declaration files under `dir`. */
function declarations(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return declarations(path);
    return DECLARATION.test(entry.name) ? [path] : [];
  });
}

/** Each maintainer note in `text`, as `{ line, what, text }`. */
export function maintainerNotes(text) {
  return text.split('\n').flatMap((line, i) =>
    MAINTAINER_NOTES.filter(([pattern]) => pattern.test(line)).map(([, what]) => ({
      line: i + 1,
      what,
      text: line.trim(),
    })),
  );
}

/** The declaration files of every package's dist/ under `packagesDir`. */
export function builtDeclarations(packagesDir) {
  return readdirSync(packagesDir)
    .map((name) => join(packagesDir, name, 'dist'))
    .filter((dist) => existsSync(dist))
    .flatMap(declarations);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const files = builtDeclarations(join(root, 'packages'));
  if (files.length === 0) {
    console.error('No packages/*/dist/*.d.ts to check: run `pnpm build` first.');
    process.exit(1);
  }
  const found = files.flatMap((file) =>
    maintainerNotes(readFileSync(file, 'utf8')).map(
      (note) => `  ${relative(root, file)}:${note.line}: ${note.what}: ${note.text}`,
    ),
  );
  if (found.length > 0) {
    console.error(
      `Maintainer notes in shipped type declarations (move them into // comments):\n${found.join('\n')}`,
    );
    process.exit(1);
  }
  console.log(`No maintainer notes in ${files.length} type declaration files.`);
}
