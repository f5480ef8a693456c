import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { Transform } from 'node:stream';

// Read into one buffer, reused: hashing a large file makes no garbage for the GC to catch up on.
const CHUNK = 256 * 1024;

/**
 * The MD5 of a file on disk, in hex (what `md5sum` prints), read piece by piece into one
 * buffer, so memory stays flat whatever its size.
 */
export async function md5OfFile(path: string, signal: AbortSignal): Promise<string> {
  const hash = createHash('md5');
  const file = await open(path, 'r');
  try {
    const buffer = new Uint8Array(CHUNK);
    for (;;) {
      signal.throwIfAborted();
      const { bytesRead } = await file.read(buffer, 0, CHUNK, null);
      if (bytesRead === 0) return hash.digest('hex');
      hash.update(buffer.subarray(0, bytesRead));
    }
  } finally {
    await file.close();
  }
}

/**
 * A pass-through stream that hashes what flows through it: standard input is read once, by
 * the upload, and hashed on the way.
 */
export function md5Tap(): { stream: Transform; digest(): string } {
  const hash = createHash('md5');
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      callback(null, chunk);
    },
  });
  return { stream, digest: () => hash.digest('hex') };
}
