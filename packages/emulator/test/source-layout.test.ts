import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/* Checks over the emulator's own sources: the import graph and the size of each file. */

const SRC = fileURLToPath(new URL('../src', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

const files = sourceFiles(SRC);
const read = (file: string) => readFileSync(file, 'utf8');

/** Every module a file imports or re-exports, and whether only its types (erased). */
function imports(file: string): { specifier: string; typeOnly: boolean }[] {
  const text = read(file);
  const found: { specifier: string; typeOnly: boolean }[] = [];
  const statement = /^(?:import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm;
  for (const match of text.matchAll(statement)) {
    found.push({ specifier: match[2]!, typeOnly: match[1] !== undefined });
  }
  for (const match of text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    found.push({ specifier: match[1]!, typeOnly: false });
  }
  return found;
}

/**
 * The modules a file loads at run time: `import type` and `export type` are erased, so they do
 * not count. (Under `verbatimModuleSyntax` an `import { type A }` still loads its module, so it
 * counts.) Dynamic `import()` counts too.
 */
function runtimeImports(file: string): string[] {
  return imports(file).flatMap(({ specifier, typeOnly }) => (typeOnly ? [] : [specifier]));
}

function localTarget(file: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  return resolve(dirname(file), specifier.replace(/\.js$/, '.ts'));
}

/** Every cycle of runtime imports, each as a list of paths relative to src. */
function importCycles(): string[][] {
  const graph = new Map(
    files.map((file) => [file, runtimeImports(file).flatMap((s) => localTarget(file, s) ?? [])]),
  );
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') {
        cycles.push([...stack.slice(stack.indexOf(next)), next].map((f) => relative(SRC, f)));
      } else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of files) if (!state.has(file)) visit(file);
  return cycles;
}

describe('the emulator sources', () => {
  it('resolve every relative import to a file that exists', () => {
    const missing = files.flatMap((file) =>
      runtimeImports(file)
        .flatMap((s) => localTarget(file, s) ?? [])
        .filter((target) => !files.includes(target))
        .map((target) => `${relative(SRC, file)} -> ${relative(SRC, target)}`),
    );
    expect(missing).toEqual([]);
  });

  it('have no runtime import cycle', () => {
    expect(importCycles()).toEqual([]);
  });

  it('import no @fs package, not even its types: the emulator is written from the protocol alone', () => {
    const sdkImports = files.flatMap((file) =>
      imports(file)
        .map(({ specifier }) => specifier)
        .filter((specifier) => specifier.startsWith('@fs/'))
        .map((specifier) => `${relative(SRC, file)}: ${specifier}`),
    );
    expect(sdkImports).toEqual([]);
  });

  it('keep every hand-written file under 500 lines', () => {
    const long = files
      .map((file) => ({ file: relative(SRC, file), lines: read(file).split('\n').length }))
      .filter(({ lines }) => lines > 500);
    expect(long).toEqual([]);
  });
});
