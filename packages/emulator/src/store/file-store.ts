import { createHash, type Hash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { randomAlphanumeric } from '../ids.js';

/** Digests computed while the bytes stream to disk: the ones clients ask for most. */
export const EAGER_HASHES = ['md5', 'sha1', 'sha256'] as const;
/** Digests computed on first request (one streamed read), then kept in the metadata file. */
export const LAZY_HASHES = ['sha224', 'sha384', 'sha512'] as const;
export type HashName = (typeof EAGER_HASHES)[number] | (typeof LAZY_HASHES)[number];

/** What the emulator knows about one stored file; kept as JSON beside its bytes. */
export interface FileRecord {
  handle: string;
  filename: string;
  mimetype: string;
  size: number;
  /** Storage key, e.g. `uploads/<handle>_photo.jpg`. */
  key: string;
  container: string;
  /** Storage backend as the client named it (`s3`, `S3`, `gcs`, ...). */
  location: string;
  region?: string;
  access?: string;
  /** Milliseconds since the epoch. */
  uploaded: number;
  uploadTags?: Record<string, string>;
  workflows?: unknown;
  /** The URL the bytes were fetched from (store from URL, overwrite with `url=`). */
  sourceUrl?: string;
  alt?: string;
  /** Lower-case hex digests. */
  hashes: Partial<Record<HashName, string>>;
}

/** The fields a caller decides when storing; the store fills in size, digests and time. */
export type NewFile = Omit<FileRecord, 'handle' | 'size' | 'hashes' | 'uploaded'>;

export type ByteSource = AsyncIterable<Uint8Array> | NodeJS.ReadableStream;

export interface WrittenBytes {
  size: number;
  hashes: Partial<Record<HashName, string>>;
}

/** Thrown by {@link writeHashed} when a source is larger than allowed. */
export class TooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`more than ${limit} bytes`);
  }
}

/**
 * Streams `source` into `path` while hashing it, so no whole file is ever held in memory and
 * no digest needs a second read. Backpressure flows from the disk back to the source.
 */
export async function writeHashed(
  source: ByteSource,
  path: string,
  algorithms: readonly HashName[],
  maxBytes = Number.POSITIVE_INFINITY,
): Promise<WrittenBytes> {
  const hashers: [HashName, Hash][] = algorithms.map((name) => [name, createHash(name)]);
  let size = 0;
  await pipeline(
    source as AsyncIterable<Uint8Array | string>,
    async function* (chunks: AsyncIterable<Uint8Array | string>) {
      for await (const piece of chunks) {
        const chunk = typeof piece === 'string' ? Buffer.from(piece) : piece;
        size += chunk.length;
        if (size > maxBytes) throw new TooLargeError(maxBytes);
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

/** Reads several files one after another as one stream (parts into a file, chunks into a part). */
export async function* concatFiles(paths: readonly string[]): AsyncGenerator<Uint8Array> {
  for (const path of paths) yield* createReadStream(path, { highWaterMark: 1024 * 1024 });
}

const SAFE_HANDLE = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Files on disk: `<dataDir>/files/<handle>.bin` holds the bytes, `<handle>.json` the record.
 * Writes go to a temp file first and are renamed into place, so readers never see half a file
 * and a reader that already opened the old bytes keeps reading them.
 */
export class FileStore {
  private readonly filesDir: string;
  private readonly tmpDir: string;
  private readonly cache = new Map<string, FileRecord>();

  constructor(dataDir: string) {
    this.filesDir = join(dataDir, 'files');
    this.tmpDir = join(dataDir, 'tmp');
  }

  async init(): Promise<void> {
    await mkdir(this.filesDir, { recursive: true });
    await rm(this.tmpDir, { recursive: true, force: true });
    await mkdir(this.tmpDir, { recursive: true });
  }

  /** A fresh path in the store's scratch directory. */
  tempPath(): string {
    return join(this.tmpDir, `${Date.now()}-${randomAlphanumeric(12)}`);
  }

  bytesPath(handle: string): string {
    return join(this.filesDir, `${handle}.bin`);
  }

  private recordPath(handle: string): string {
    return join(this.filesDir, `${handle}.json`);
  }

  /** The record of `handle`, or undefined when it never existed or was deleted. */
  async get(handle: string): Promise<FileRecord | undefined> {
    if (!SAFE_HANDLE.test(handle)) return undefined;
    const cached = this.cache.get(handle);
    if (cached) return cached;
    try {
      const record = JSON.parse(await readFile(this.recordPath(handle), 'utf8')) as FileRecord;
      this.cache.set(handle, record);
      return record;
    } catch {
      return undefined;
    }
  }

  /** Stores the bytes of `source` as a new file under `handle`. */
  async create(
    handle: string,
    source: ByteSource,
    file: NewFile,
    maxBytes?: number,
  ): Promise<FileRecord> {
    const temp = this.tempPath();
    try {
      const written = await writeHashed(source, temp, EAGER_HASHES, maxBytes);
      return await this.adopt(handle, temp, written, file);
    } finally {
      await rm(temp, { force: true });
    }
  }

  /** Moves an already written and hashed temp file into the store under `handle`. */
  async adopt(
    handle: string,
    tempPath: string,
    written: WrittenBytes,
    file: NewFile,
    uploaded = Date.now(),
  ): Promise<FileRecord> {
    const record: FileRecord = {
      ...file,
      handle,
      size: written.size,
      hashes: written.hashes,
      uploaded,
    };
    await rename(tempPath, this.bytesPath(handle));
    await this.save(record);
    return record;
  }

  /** Replaces the bytes of an existing file, keeping its handle, key and upload time. */
  async overwrite(
    record: FileRecord,
    source: ByteSource,
    changes: Partial<NewFile>,
  ): Promise<FileRecord> {
    const temp = this.tempPath();
    try {
      const written = await writeHashed(source, temp, EAGER_HASHES);
      const { sourceUrl: _old, ...kept } = record;
      return await this.adopt(
        record.handle,
        temp,
        written,
        { ...kept, ...changes },
        record.uploaded,
      );
    } finally {
      await rm(temp, { force: true });
    }
  }

  /** Forgets `handle`; its bytes stay on disk when `keepBytes` (file API `skip_storage`). */
  async remove(handle: string, keepBytes = false): Promise<void> {
    this.cache.delete(handle);
    await rm(this.recordPath(handle), { force: true });
    if (!keepBytes) await rm(this.bytesPath(handle), { force: true });
  }

  /** Fills in digests not computed at write time, with one streamed read of the bytes. */
  async ensureHashes(record: FileRecord, names: readonly HashName[]): Promise<FileRecord> {
    const missing = names.filter((name) => record.hashes[name] === undefined);
    if (missing.length === 0) return record;
    const hashers = missing.map((name) => [name, createHash(name)] as const);
    for await (const chunk of createReadStream(this.bytesPath(record.handle))) {
      for (const [, hash] of hashers) hash.update(chunk as Buffer);
    }
    const updated = { ...record, hashes: { ...record.hashes } };
    for (const [name, hash] of hashers) updated.hashes[name] = hash.digest('hex');
    // An overwrite or delete during the read must not be undone by saving the old record.
    const current = this.cache.get(record.handle);
    if (
      current &&
      current.hashes.md5 === record.hashes.md5 &&
      current.uploaded === record.uploaded
    ) {
      await this.save({ ...current, hashes: { ...current.hashes, ...updated.hashes } });
    }
    return updated;
  }

  private async save(record: FileRecord): Promise<void> {
    const temp = this.tempPath();
    await writeFile(temp, JSON.stringify(record, null, 2));
    await rename(temp, this.recordPath(record.handle));
    this.cache.set(record.handle, record);
  }
}
