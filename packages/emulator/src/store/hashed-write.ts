import { createHash, type Hash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';

/** Digests computed while the bytes stream to disk: the ones clients ask for most. */
export const EAGER_HASHES = ['md5', 'sha1', 'sha256'] as const;
/** Digests computed on first request (one streamed read), then kept in the file's record. */
export const LAZY_HASHES = ['sha224', 'sha384', 'sha512'] as const;
export type HashName = (typeof EAGER_HASHES)[number] | (typeof LAZY_HASHES)[number];

/** Bytes to store: a Node stream or any async iterable of chunks. */
export type ByteSource = AsyncIterable<Uint8Array> | NodeJS.ReadableStream;

export interface WrittenBytes {
  size: number;
  /** Lower-case hex digests. */
  hashes: Partial<Record<HashName, string>>;
}

/**
 * Streams `source` into `path` while hashing it, so no whole file is ever held in memory and
 * no digest needs a second read. Backpressure flows from the disk back to the source.
 */
export async function writeHashed(
  source: ByteSource,
  path: string,
  algorithms: readonly HashName[],
): Promise<WrittenBytes> {
  const hashers: [HashName, Hash][] = algorithms.map((name) => [name, createHash(name)]);
  let size = 0;
  await pipeline(
    source as AsyncIterable<Uint8Array | string>,
    async function* (chunks: AsyncIterable<Uint8Array | string>) {
      for await (const piece of chunks) {
        const chunk = typeof piece === 'string' ? Buffer.from(piece) : piece;
        size += chunk.length;
        for (const [, hash] of hashers) hash.update(chunk);
        yield chunk;
      }
    },
    createWriteStream(path),
  );
  const hashes: Partial<Record<HashName, string>> = {};
  for (const [name, hash] of hashers) hashes[name] = hash.digest('hex');
  return { size, hashes };
}

/** Hex digests of a file on disk, with one streamed read. */
export async function hashFile(
  path: string,
  algorithms: readonly HashName[],
): Promise<Partial<Record<HashName, string>>> {
  const hashers = algorithms.map((name) => [name, createHash(name)] as const);
  for await (const chunk of createReadStream(path)) {
    for (const [, hash] of hashers) hash.update(chunk as Buffer);
  }
  const hashes: Partial<Record<HashName, string>> = {};
  for (const [name, hash] of hashers) hashes[name] = hash.digest('hex');
  return hashes;
}

/** Reads several files one after another as one stream (parts into a file, chunks into a part). */
export async function* concatFiles(
  pieces: readonly { path: string; start?: number }[],
): AsyncGenerator<Uint8Array> {
  for (const { path, start } of pieces) {
    yield* createReadStream(path, { start, highWaterMark: 1024 * 1024 });
  }
}
