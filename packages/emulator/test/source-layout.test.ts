import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/*
 * Checks over the emulator's own sources (the import-cycle check of every package is
 * `pnpm check:cycles`).
 */

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

/** Every module a file imports or re-exports, types included, and `import()`s. */
function imports(file: string): string[] {
  const text = read(file);
  const statements = /^(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm;
  const dynamic = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;
  return [...text.matchAll(statements), ...text.matchAll(dynamic)].map((match) => match[1]!);
}

describe('the emulator sources', () => {
  it('import no @fs package, not even its types: the emulator is written from the protocol alone', () => {
    const sdkImports = files.flatMap((file) =>
      imports(file)
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
