// Run by `pnpm lint` before the check itself: the declaration check finds maintainer notes,
// and only those.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { builtDeclarations, maintainerNotes } from './check-dts-notes.mjs';

describe('the declaration notes check', () => {
  it('finds the notes a maintainer writes, with their line', () => {
    const text = [
      '/**',
      ' * Resizes the image.',
      ' *',
      ' * Decision: integers only, although the filestack-js schema lets through any number.',
      ' * Catalog note: see tests/transformation_test.py. TODO: remove',
      ' */',
    ].join('\n');
    assert.deepEqual(
      maintainerNotes(text).map(({ line, what }) => [line, what]),
      [
        [4, 'a "Decision:" note'],
        [4, "a note on filestack-js's internals"],
        [5, 'a "Catalog note:"'],
        [5, "a reference to another SDK's tests"],
        [5, 'a to-do'],
      ],
    );
  });

  it('lets user-facing text through, comparisons with the other SDKs included', () => {
    const text = [
      '/** Written as the Python SDK writes it; filestack-js writes `policy:` instead. */',
      '/** A decision the service makes: `\\uXXXX` escapes are kept. */',
      'export declare function resize(params: ResizeParams): Task<"resize">;',
    ].join('\n');
    assert.deepEqual(maintainerNotes(text), []);
  });

  const temp = mkdtempSync(join(tmpdir(), 'dts-'));
  after(() => rmSync(temp, { recursive: true, force: true }));

  it('reads every .d.ts, .d.cts and .d.mts under each package dist/, and nothing else', () => {
    for (const path of [
      'a/dist/index.d.ts',
      'a/dist/sub/x.d.cts',
      'b/dist/y.d.mts',
      'b/dist/y.js',
      'c/src/z.d.ts',
    ]) {
      mkdirSync(join(temp, path, '..'), { recursive: true });
      writeFileSync(join(temp, path), '');
    }
    const found = builtDeclarations(temp)
      .map((file) => file.slice(temp.length + 1))
      .sort();
    assert.deepEqual(found, ['a/dist/index.d.ts', 'a/dist/sub/x.d.cts', 'b/dist/y.d.mts']);
  });
});
