#!/usr/bin/env node
// Fails when a file of the repository cites a document a clone does not have: a section of the
// protocol spec the project was written from ("spec 2.8", "spec section 10", "§5.3"), one of its
// files (user-needs, seed-readme, filestack-api.md, ../shared), or an issue of our tracker
// ("issue 5"). Protocol rules are explained in docs/protocol.md, and that is where comments,
// tests and READMEs point instead; a link to a section of it (`docs/protocol.md#part-sizes`)
// must name a heading that exists, so renaming a heading cannot leave links dangling.
//
// Scans every text file of the repository (sources, tests, scripts, READMEs, docs, changesets),
// skipping dependencies, build output and this check with its self-test, which quote the
// patterns.
//
//   node scripts/check-citations.mjs   exits 1 and lists each citation with its file and line

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** What a citation looks like, and what to call it in the report. */
export const CITATIONS = [
  [
    /\bspec(?:ification)?(?:'s)?\s*(?:§\s*|sections?\s+|\(\s*)?\d+(?:\.\d+)*/i,
    'a section of the spec',
  ],
  [/\b(?:the|protocol) spec\b|\bspec test vectors?\b|\(spec:/i, 'the spec'],
  [/§\s*\d/, 'a section number'],
  [/\bissues?\s+(?:#\s*)?\d+/i, 'an issue number'],
  [/\buser-needs\b|\buser needs? \d/i, 'user-needs'],
  [/\bseed-readme\b/i, 'seed-readme'],
  [/\b(?:filestack-api|transform-url-grammar)\.md\b/i, 'a spec file'],
  [/(?:\.\.\/)+shared\b|\/work\/shared\b|\bshared\/spec\b/, 'a path outside the repository'],
];

/** A link to a section of the protocol page: `docs/protocol.md#anchor` or `protocol.md#anchor`. */
const PROTOCOL_LINK = /\bprotocol\.md#([\w-]+)/g;

export const PROTOCOL_PAGE = 'docs/protocol.md';

const SKIPPED_DIRS = new Set([
  '.git',
  'node_modules',
  'dist',
  '.turbo',
  'coverage',
  'test-results',
  'playwright-report',
]);
// Generated: the API reference built from the sources, which are checked themselves.
const SKIPPED_PATHS = new Set(['docs/api']);
const SELF = new Set(['scripts/check-citations.mjs', 'scripts/check-citations.test.mjs']);

/**
 * The anchors GitHub gives the headings of a Markdown page: lower case, punctuation other than
 * `-` and `_` dropped, spaces as `-`, and `-1`, `-2`, ... after a repeated one.
 */
export function headingAnchors(markdown) {
  const anchors = new Set();
  const seen = new Map();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const heading = fenced ? null : /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const slug = heading[1]
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
      .replace(/ /g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

/**
 * The lines of `text` that cite something, as `{ line, what, text }` (`what` lists every kind
 * found on the line); with `anchors` (those of the protocol page), links to a section of it that
 * does not exist count too.
 */
export function findCitations(text, anchors) {
  return text.split('\n').flatMap((line, i) => {
    const found = CITATIONS.filter(([pattern]) => pattern.test(line)).map(([, what]) => what);
    if (anchors) {
      for (const [, anchor] of line.matchAll(PROTOCOL_LINK)) {
        if (!anchors.has(anchor)) found.push(`a link to a missing section (#${anchor})`);
      }
    }
    return found.length > 0 ? [{ line: i + 1, what: found.join(', '), text: line.trim() }] : [];
  });
}

/** The text files under `root` that the check reads, as paths relative to `root`. */
export function checkedFiles(root, dir = root) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    const name = relative(root, path).replaceAll('\\', '/');
    if (entry.isDirectory()) {
      return SKIPPED_DIRS.has(entry.name) || SKIPPED_PATHS.has(name)
        ? []
        : checkedFiles(root, path);
    }
    return entry.isFile() && !SELF.has(name) ? [name] : [];
  });
}

/** Every citation in the repository at `root`, as `file:line: what: text` lines. */
export function repositoryCitations(root) {
  let anchors;
  try {
    anchors = headingAnchors(readFileSync(join(root, PROTOCOL_PAGE), 'utf8'));
  } catch {
    anchors = new Set();
  }
  const files = checkedFiles(root);
  const found = files.flatMap((file) => {
    const text = readFileSync(join(root, file), 'utf8');
    if (text.includes('\0')) return []; // binary: images, archives, fixtures
    return findCitations(text, anchors).map(
      (citation) => `${file}:${citation.line}: ${citation.what}: ${citation.text}`,
    );
  });
  return { files: files.length, found };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const { files, found } = repositoryCitations(root);
  if (found.length > 0) {
    console.error(
      `${found.length} citation(s) of documents outside the repository or of issues ` +
        `(point at a section of ${PROTOCOL_PAGE} instead; drop issue numbers):\n` +
        found.map((line) => `  ${line}`).join('\n'),
    );
    process.exit(1);
  }
  console.log(`No citation of a document outside the repository in ${files} files.`);
}
