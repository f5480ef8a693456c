import { readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { randomAlphanumeric } from '../ids.js';
import { writeFileAtomically } from './atomic-write.js';
import type { DataDir } from './data-dir.js';
import {
  type ByteSource,
  EAGER_HASHES,
  type HashName,
  hashFile,
  type WrittenBytes,
  writeHashed,
} from './hashed-write.js';

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

const SAFE_HANDLE = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Stored files: `files/<handle>.bin` holds the bytes, `files/<handle>.json` the record. New bytes
 * are written to a scratch file and renamed into place, so readers never see half a file and a
 * reader that already opened the old bytes keeps reading them. Callers reach the bytes through
 * the record (`bytesPath(record)`), never by handle alone, so where a record's bytes live stays
 * this module's business.
 */
export class FileStore {
  private readonly cache = new Map<string, FileRecord>();

  constructor(private readonly dir: Pick<DataDir, 'files' | 'tmp'>) {}

  /** A fresh path in the scratch folder, on the store's file system. */
  tempPath(): string {
    return join(this.dir.tmp, `${Date.now()}-${randomAlphanumeric(12)}`);
  }

  /** Where the bytes of a stored file are. */
  bytesPath(record: FileRecord): string {
    return join(this.dir.files, `${record.handle}.bin`);
  }

  private recordPath(handle: string): string {
    return join(this.dir.files, `${handle}.json`);
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
  async create(handle: string, source: ByteSource, file: NewFile): Promise<FileRecord> {
    const temp = this.tempPath();
    try {
      const written = await writeHashed(source, temp, EAGER_HASHES);
      return await this.adopt(handle, temp, written, file);
    } finally {
      await rm(temp, { force: true });
    }
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
    const record = await this.get(handle);
    this.cache.delete(handle);
    await rm(this.recordPath(handle), { force: true });
    if (record && !keepBytes) await rm(this.bytesPath(record), { force: true });
  }

  /** Fills in digests not computed at write time, with one streamed read of the bytes. */
  async ensureHashes(record: FileRecord, names: readonly HashName[]): Promise<FileRecord> {
    const missing = names.filter((name) => record.hashes[name] === undefined);
    if (missing.length === 0) return record;
    const computed = await hashFile(this.bytesPath(record), missing);
    const updated = { ...record, hashes: { ...record.hashes, ...computed } };
    // An overwrite or delete during the read must not be undone by saving the old record.
    const current = this.cache.get(record.handle);
    if (
      current &&
      current.hashes.md5 === record.hashes.md5 &&
      current.uploaded === record.uploaded
    ) {
      await this.save({ ...current, hashes: { ...current.hashes, ...computed } });
    }
    return updated;
  }

  /** Moves a written and hashed scratch file into the store under `handle`, then its record. */
  private async adopt(
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
    await rename(tempPath, this.bytesPath(record));
    await this.save(record);
    return record;
  }

  private async save(record: FileRecord): Promise<void> {
    await writeFileAtomically(
      this.recordPath(record.handle),
      JSON.stringify(record, null, 2),
      this.tempPath(),
    );
    this.cache.set(record.handle, record);
  }
}
