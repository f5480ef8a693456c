import { createHash, randomFillSync } from 'node:crypto';
import { open } from 'node:fs/promises';

/** Writes `size` random bytes to `path` in 8 MiB slices and returns their sha256. */
export async function writeRandomFile(path: string, size: number): Promise<string> {
  const hash = createHash('sha256');
  const slice = Buffer.alloc(Math.min(size, 8 * 1024 * 1024));
  const file = await open(path, 'w');
  try {
    for (let written = 0; written < size; ) {
      const bytes = slice.subarray(0, Math.min(slice.length, size - written));
      randomFillSync(bytes);
      hash.update(bytes);
      await file.write(bytes);
      written += bytes.length;
    }
  } finally {
    await file.close();
  }
  return hash.digest('hex');
}
