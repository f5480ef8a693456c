import { createHash } from 'node:crypto';
import { open, realpath } from 'node:fs/promises';
import { INPUT_IDENTITY, type InputIdentity } from './resume-key.js';

/** Bytes hashed at each end of a file for its resume key. */
const ENDS = 64 * 1024;

/**
 * Gives a file from `openFile` what tells it apart across runs, for the key of a resumable
 * upload: a `File` made in Node gets a new `lastModified` each time, so its path stands in.
 * Looked up on the File itself (a registered symbol), so no browser bundle carries this code.
 */
export function rememberPath(file: File, path: string): File {
  const identity = () => pathIdentity(path);
  Object.defineProperty(file, INPUT_IDENTITY, { value: identity });
  return file;
}

/**
 * The real path, size, mtime and the SHA-256 of the first and last 64 KiB: an edit that keeps
 * the size and restores the mtime is still caught at the ends (the README states this limit).
 */
async function pathIdentity(path: string): Promise<InputIdentity> {
  const handle = await open(path, 'r');
  try {
    const { size, mtimeMs } = await handle.stat();
    const length = Math.min(ENDS, size);
    const digestAt = async (offset: number) => {
      const { buffer, bytesRead } = await handle.read(new Uint8Array(length), 0, length, offset);
      return createHash('sha256').update(buffer.subarray(0, bytesRead)).digest('hex');
    };
    return {
      path: await realpath(path),
      size,
      mtimeMs,
      head: await digestAt(0),
      tail: await digestAt(size - length),
    };
  } finally {
    await handle.close();
  }
}
