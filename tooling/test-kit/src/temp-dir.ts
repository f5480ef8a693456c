import { mkdtempSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

/** A temporary directory of a test file. */
export interface TempDir {
  /** Its absolute path. */
  readonly dir: string;
  /** The path of `name` in it. */
  path(name: string): string;
  /** Writes `content` as the file `name`; resolves with its path. */
  write(name: string, content: Uint8Array | string): Promise<string>;
}

/**
 * A temporary directory for the tests of one file: made at once, removed after them. Call it
 * at the top level of the file (or of a `describe`).
 */
export function useTempDir(prefix = 'fs-test-'): TempDir {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return {
    dir,
    path: (name) => join(dir, name),
    async write(name, content) {
      const path = join(dir, name);
      await writeFile(path, content);
      return path;
    },
  };
}
