import type { ByteSource } from './hashed-write.js';

/**
 * Passes bytes through and calls `check` with their total once the source ends, before the
 * writer finishes: a throw there fails the write, so bytes a policy refuses never replace a file.
 */
export async function* checkedSize(
  source: ByteSource,
  check: (size: number) => void,
): AsyncGenerator<Uint8Array> {
  let size = 0;
  for await (const piece of source as AsyncIterable<Uint8Array | string>) {
    const chunk = typeof piece === 'string' ? Buffer.from(piece) : piece;
    size += chunk.length;
    yield chunk;
  }
  check(size);
}
