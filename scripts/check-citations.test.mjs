// Run by `pnpm check:citations` before the check itself: the citation check finds citations of
// documents a clone does not have and of issues, links to missing sections of the protocol
// page, and nothing else.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  checkedFiles,
  findCitations,
  headingAnchors,
  repositoryCitations,
} from './check-citations.mjs';

const lines = (text, anchors) => findCitations(text, anchors).map(({ line }) => line);

describe('the citation check', () => {
  it('finds spec sections however they are written, with their line', () => {
    const text = [
      '/** What `/multipart/start` answers (spec 2.3). */',
      '// Spec 8.1 test vectors.',
      '/** A handle: 20 characters (spec section 10). */',
      '/** `/multipart/*` routes (spec sections 2 and 3). */',
      ' * the fourth is the Python vector of the protocol spec (7.2).',
      "/** The metadata of spec 5.7's `metadata.result`. */",
      '// per the spec §5.3 recipe, or just §5.3',
    ].join('\n');
    assert.deepEqual(lines(text), [1, 2, 3, 4, 5, 6, 7]);
    assert.deepEqual(findCitations('see spec 2.8 and spec 10')[0], {
      line: 1,
      what: 'a section of the spec',
      text: 'see spec 2.8 and spec 10',
    });
  });

  it('finds issue numbers, the spec by name, its files and paths outside the repository', () => {
    const text = [
      "describe('the examples of issue 5', () => {",
      '// replaces the targets of issues 5 and 8 (issue #12)',
      ' * a provider (user-needs 8).',
      "it('matches the spec test vector for hello world', () => {",
      'written from the protocol spec alone',
      'copied from seed-readme.md',
      'see filestack-api.md or transform-url-grammar.md',
      "readFileSync('../../shared/spec/transform-tasks.json')",
      'ls /work/shared/spec',
      'as ../shared/STYLE.md says',
      'the second of the user needs 7 and 8',
    ].join('\n');
    assert.deepEqual(lines(text), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it('lets ordinary words, identifiers and the in-repo catalog through', () => {
    const text = [
      'spec: TaskSpec;',
      'if (entry.spec.open) return;',
      'adds the same three and its fetch-spec defaults `accept`, `accept-language`',
      "The task factories' documentation now says what a user needs (what each parameter means)",
      'readFileSync(new URL("../catalog/transform-tasks.json", import.meta.url))',
      'emu.faults.add({ route: "put", kind: "reset", seed: 7 });',
      'Known issues are listed in the README; see https://github.com/o/r/issues/12.',
      'the part size (see docs/protocol.md#part-sizes)',
    ].join('\n');
    assert.deepEqual(findCitations(text, new Set(['part-sizes'])), []);
  });

  it('reads the anchors GitHub gives headings, and finds links to sections that do not exist', () => {
    const page = [
      '# The protocol',
      '## Hosts',
      '### Emulator notes: hosts',
      '```',
      '## Not a heading',
      '```',
      '## Tags, sfw and OCR',
      '### `location_url`',
      '## Hosts',
    ].join('\n');
    const anchors = headingAnchors(page);
    assert.deepEqual(
      [...anchors],
      [
        'the-protocol',
        'hosts',
        'emulator-notes-hosts',
        'tags-sfw-and-ocr',
        'location_url',
        'hosts-1',
      ],
    );
    const text = [
      '// docs/protocol.md#emulator-notes-hosts',
      '[tags](./protocol.md#tags-sfw-and-ocr)',
      '// docs/protocol.md#not-a-heading',
    ].join('\n');
    assert.deepEqual(findCitations(text, anchors), [
      {
        line: 3,
        what: 'a link to a missing section (#not-a-heading)',
        text: '// docs/protocol.md#not-a-heading',
      },
    ]);
  });

  const temp = mkdtempSync(join(tmpdir(), 'citations-'));
  after(() => rmSync(temp, { recursive: true, force: true }));

  /** Writes `files` (path -> text or bytes) under a fresh folder and returns it. */
  function fixture(name, files) {
    const root = join(temp, name);
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), content);
    }
    return root;
  }

  it('reads every file but dependencies, build output, the generated API docs and itself', () => {
    const root = fixture('tree', {
      'README.md': '',
      'packages/a/src/a.ts': '',
      'packages/a/README.md': '',
      'packages/a/dist/a.js': '',
      'packages/a/node_modules/x/index.js': '',
      'apps/web/.turbo/log.txt': '',
      'docs/protocol.md': '',
      'docs/api/index.html': '',
      'scripts/check-citations.mjs': '',
      'scripts/check-citations.test.mjs': '',
      'scripts/other-check.mjs': '',
      '.changeset/note.md': '',
    });
    assert.deepEqual(checkedFiles(root).sort(), [
      '.changeset/note.md',
      'README.md',
      'docs/protocol.md',
      'packages/a/README.md',
      'packages/a/src/a.ts',
      'scripts/other-check.mjs',
    ]);
  });

  it('reports file:line for each citation in a repository, skipping binary files', () => {
    const root = fixture('repo', {
      'docs/protocol.md': '# Protocol\n## Part sizes\n',
      'packages/a/src/a.ts': '// fine (docs/protocol.md#part-sizes)\n// S3 limit (spec 2.7)\n',
      'apps/b/README.md': 'Intro.\n\nSee docs/protocol.md#part-size.\n',
      // Binary bytes that happen to spell a citation are not text: skipped.
      'packages/a/test/fixture.png': Buffer.concat([
        Buffer.from([0x89, 0x50, 0, 0]),
        Buffer.from('spec 2.7'),
      ]),
    });
    const { found } = repositoryCitations(root);
    assert.deepEqual(found.sort(), [
      'apps/b/README.md:3: a link to a missing section (#part-size): See docs/protocol.md#part-size.',
      'packages/a/src/a.ts:2: a section of the spec: // S3 limit (spec 2.7)',
    ]);
  });
});
