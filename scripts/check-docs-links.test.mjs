// Run by `pnpm run docs` before the check itself: README links into the API reference are found,
// and a broken or missing one is reported.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { linkProblems, packagePage, referenceLinks } from './check-docs-links.mjs';

const BASE = 'https://example.test/fs/';

describe('the API reference link check', () => {
  it('names the page TypeDoc writes for a scoped package', () => {
    assert.equal(packagePage('@fs/core'), 'modules/_fs_core.html');
  });

  it('finds links under the base, front page included, and no others', () => {
    const text = `[a](${BASE}) [b](${BASE}modules/_fs_core.html#upload) [c](https://other.test/x)`;
    assert.deepEqual(referenceLinks(text, BASE), ['', 'modules/_fs_core.html']);
  });

  it('reports a link to a page that was not built, and a package README without its page', () => {
    const built = (path) => path === 'index.html' || path === 'modules/_fs_core.html';
    const problems = linkProblems(
      [
        { file: 'README.md', text: `[ref](${BASE})` },
        { file: 'core.md', text: `[ref](${BASE}modules/_fs_core.html)`, packageName: '@fs/core' },
        { file: 'av.md', text: `[ref](${BASE}modules/_fs_avv.html)`, packageName: '@fs/av' },
        { file: 'other.md', text: 'nothing' },
      ],
      BASE,
      built,
    );
    assert.deepEqual(problems, [
      `av.md: ${BASE}modules/_fs_avv.html was not built`,
      `av.md: no link to ${BASE}modules/_fs_av.html`,
      `other.md: no link to ${BASE}`,
    ]);
  });
});
