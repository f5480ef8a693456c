import { rename, rm, writeFile } from 'node:fs/promises';

/**
 * Writes `data` to `path` through `temp` (a path on the same file system) and a rename, so a
 * reader sees the old content or the new, never part of either. The data dir's records are
 * written this way: the rename is the moment a change takes effect.
 */
export async function writeFileAtomically(
  path: string,
  data: string | Uint8Array,
  temp: string,
): Promise<void> {
  try {
    await writeFile(temp, data);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
