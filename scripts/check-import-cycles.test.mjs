// Run by `pnpm check:cycles` before the check itself: the cycle check finds runtime cycles,
// and only those.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { findCycles, moduleGraph, packageGraph } from './check-import-cycles.mjs';

const temp = mkdtempSync(join(tmpdir(), 'cycles-'));
after(() => rmSync(temp, { recursive: true, force: true }));

/** A package folder holding `files` (path -> text), plus its package.json. */
function fixture(name, files, manifest = {}) {
  const dir = join(temp, name);
  for (const [path, text] of Object.entries({
    'package.json': JSON.stringify({ name, ...manifest }),
    ...files,
  })) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const cyclesIn = (dir) =>
  findCycles(moduleGraph([dir])).map(({ path }) => path.map((file) => basename(file)));

describe('the import cycle check', () => {
  it('finds two modules that import each other, through .js specifiers of .ts files', () => {
    const dir = fixture('mutual', {
      'src/a.ts': "import { b } from './b.js';\nexport const a = () => b;",
      'src/b.ts': "import { a } from './a.js';\nexport const b = () => a;",
    });
    assert.deepEqual(cyclesIn(dir), [['a.ts', 'b.ts', 'a.ts']]);
  });

  it('finds a cycle closed by a re-export or by require()', () => {
    const dir = fixture('reexport', {
      'src/index.ts': "export * from './x.js';",
      'src/x.ts': "import './y.js';\nexport const x = 1;",
      'src/y.cjs': "require('./index.ts');",
    });
    assert.equal(cyclesIn(dir).length, 1);
    assert.equal(cyclesIn(dir)[0].length, 4);
  });

  it('counts import { type A } (kept as import {} under verbatimModuleSyntax), not import type', () => {
    const inline = fixture('inline-type', {
      'a.ts': "import { type B } from './b.js';\nexport type A = B;",
      'b.ts': "import { type A } from './a.js';\nexport type B = A;",
    });
    assert.equal(cyclesIn(inline).length, 1);
    const erased = fixture('type-only', {
      'a.ts': "import type { B } from './b.js';\nexport type A = B;",
      'b.ts':
        "import type { A } from './a.js';\nexport type { A as C } from './a.js';\nexport type B = A;",
    });
    assert.deepEqual(cyclesIn(erased), []);
  });

  it('leaves out dynamic import(), which runs after the modules load', () => {
    const dir = fixture('dynamic', {
      'a.ts': "export const load = () => import('./b.js');",
      'b.ts': "import { load } from './a.js';\nexport const b = load;",
    });
    assert.deepEqual(cyclesIn(dir), []);
  });

  it('follows #subpath imports to the sources of the files they name under dist/', () => {
    const dir = fixture(
      'subpath',
      {
        'src/runtime.node.ts':
          "import { settings } from './settings.js';\nexport const r = settings;",
        'src/settings.ts': "import { r } from '#runtime';\nexport const settings = () => r;",
      },
      { imports: { '#runtime': { node: './dist/runtime.node.js', default: './dist/x.js' } } },
    );
    assert.deepEqual(cyclesIn(dir), [['runtime.node.ts', 'settings.ts', 'runtime.node.ts']]);
  });

  it('finds workspace packages that depend on each other, but not through devDependencies', () => {
    const a = fixture('pkg-a', {}, { dependencies: { 'pkg-b': 'workspace:^' } });
    const b = fixture('pkg-b', {}, { peerDependencies: { 'pkg-a': 'workspace:^' } });
    const c = fixture('pkg-c', {}, { devDependencies: { 'pkg-a': 'workspace:^' } });
    const d = fixture('pkg-d', {}, { dependencies: { 'pkg-c': 'workspace:^' } });
    const cycles = findCycles(packageGraph([a, b, c, d])).map(({ path }) => path);
    assert.deepEqual(cycles, [['pkg-a', 'pkg-b', 'pkg-a']]);
  });
});
