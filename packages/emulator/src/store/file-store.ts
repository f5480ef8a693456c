import { readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { randomAlphanumeric } from '../ids.js';
import { writeFileAtomically } from './atomic-write.js';
import type { DataDir } from './data-dir.js';
import {
  type ByteSource,
  EAGER_HASHES,
  type HashName,
  hashFile,
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
  /**
   * The name of the file in `files/` holding these bytes: a new name for every version, so a
   * record never names bytes that are still being replaced. Absent in records written before
   * versioned names, whose bytes are `<handle>.bin`.
   */
  blob?: string;
}

/** The fields a caller decides when storing; the store fills in size, digests and time. */
export type NewFile = Omit<FileRecord, 'handle' | 'size' | 'hashes' | 'uploaded' | 'blob'>;

const SAFE_HANDLE = /^[A-Za-z0-9_-]{1,64}$/;
/**
 * How long replaced or deleted bytes stay on disk: a reader that looked up the old record a
 * moment ago still finds its bytes. A reader that already opened them keeps reading anyway.
 */
const RETIRE_AFTER_MS = 5_000;

/**
 * Stored files: `files/<handle>.json` holds the record, which names the file holding the bytes
 * (`files/<handle>.<version>.bin`). Every write puts new bytes under a new name, then renames
 * the new record into place: that rename is the moment the change happens, so a process killed
 * at any point leaves the old record with its bytes or the new record with its own. Bytes no
 * record names (a write cut short) are removed when the store opens. Callers reach the bytes
 * through the record (`bytesPath(record)`), never by handle alone.
 */
export class FileStore {
  private readonly cache = new Map<string, FileRecord>();
  /** The last write of each handle: writes of one handle take turns. */
  private readonly writes = new Map<string, Promise<unknown>>();

  private constructor(private readonly dir: Pick<DataDir, 'files' | 'tmp'>) {}

  /** The store in `dir`, after removing bytes that no record names. */
  static async open(dir: Pick<DataDir, 'files' | 'tmp'>): Promise<FileStore> {
    const store = new FileStore(dir);
    await store.sweep();
    return store;
  }

  /** A fresh path in the scratch folder, on the store's file system. */
  tempPath(): string {
    return join(this.dir.tmp, `${Date.now()}-${randomAlphanumeric(12)}`);
  }

  /** Where the bytes of a stored file are. */
  bytesPath(record: FileRecord): string {
    return join(this.dir.files, record.blob ?? `${record.handle}.bin`);
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
    return this.write(handle, source, () => ({ ...file, uploaded: Date.now() }));
  }

  /** Replaces the bytes of an existing file, keeping its handle, key and upload time. */
  async overwrite(
    record: FileRecord,
    source: ByteSource,
    changes: Partial<NewFile>,
  ): Promise<FileRecord> {
    return this.write(record.handle, source, (current) => {
      const { sourceUrl: _old, ...kept } = current ?? record;
      return { ...kept, ...changes };
    });
  }

  /** Forgets `handle`; its bytes stay on disk when `keepBytes` (file API `skip_storage`). */
  async remove(handle: string, keepBytes = false): Promise<void> {
    await this.exclusive(handle, async () => {
      const record = await this.get(handle);
      this.cache.delete(handle);
      await rm(this.recordPath(handle), { force: true });
      if (!record) return;
      const bytes = this.bytesPath(record);
      // Kept bytes leave the `.bin` names, which the sweep removes when no record names them.
      if (keepBytes) await rename(bytes, bytes.replace(/\.bin$/, '.kept')).catch(() => {});
      else this.retire(bytes);
    });
  }

  /** Fills in digests not computed at write time, with one streamed read of the bytes. */
  async ensureHashes(record: FileRecord, names: readonly HashName[]): Promise<FileRecord> {
    const missing = names.filter((name) => record.hashes[name] === undefined);
    if (missing.length === 0) return record;
    const computed = await hashFile(this.bytesPath(record), missing);
    const updated = { ...record, hashes: { ...record.hashes, ...computed } };
    await this.exclusive(record.handle, async () => {
      // An overwrite or delete during the read must not be undone by saving the old record.
      const current = await this.get(record.handle);
      if (current && current.blob === record.blob && current.uploaded === record.uploaded) {
        await this.save({ ...current, hashes: { ...current.hashes, ...computed } });
      }
    });
    return updated;
  }

  /**
   * Streams `source` to a scratch file while hashing it, then, in the handle's turn, moves it
   * to a new bytes name and commits the record `fields` makes from the current one.
   */
  private async write(
    handle: string,
    source: ByteSource,
    fields: (current: FileRecord | undefined) => Omit<FileRecord, 'handle' | 'size' | 'hashes'>,
  ): Promise<FileRecord> {
    const temp = this.tempPath();
    try {
      const written = await writeHashed(source, temp, EAGER_HASHES);
      return await this.exclusive(handle, async () => {
        const current = await this.get(handle);
        const record: FileRecord = {
          ...fields(current),
          handle,
          size: written.size,
          hashes: written.hashes,
          blob: `${handle}.${randomAlphanumeric(10)}.bin`,
        };
        await rename(temp, this.bytesPath(record));
        try {
          await this.save(record);
        } catch (error) {
          await rm(this.bytesPath(record), { force: true });
          throw error;
        }
        if (current) this.retire(this.bytesPath(current));
        return record;
      });
    } finally {
      await rm(temp, { force: true });
    }
  }

  /** The record's rename is the commit point of every change to a file. */
  private async save(record: FileRecord): Promise<void> {
    await writeFileAtomically(
      this.recordPath(record.handle),
      JSON.stringify(record, null, 2),
      this.tempPath(),
    );
    this.cache.set(record.handle, record);
  }

  /** Runs `task` once the earlier writes of `handle` have settled. */
  private exclusive<T>(handle: string, task: () => Promise<T>): Promise<T> {
    const run = (this.writes.get(handle) ?? Promise.resolve()).then(task);
    const settled = run.catch(() => {});
    this.writes.set(handle, settled);
    void settled.then(() => {
      if (this.writes.get(handle) === settled) this.writes.delete(handle);
    });
    return run;
  }

  /** Removes bytes no record names any more, after a grace period for readers. */
  private retire(path: string): void {
    setTimeout(() => void rm(path, { force: true }), RETIRE_AFTER_MS).unref();
  }

  /** Removes the bytes of writes cut short and of removals not finished before a crash. */
  private async sweep(): Promise<void> {
    const names = await readdir(this.dir.files);
    const named = new Set<string>();
    for (const name of names) {
      if (!name.endsWith('.json')) continue;
      const record = await this.get(name.slice(0, -'.json'.length));
      if (record) named.add(record.blob ?? `${record.handle}.bin`);
    }
    await Promise.all(
      names
        .filter((name) => name.endsWith('.bin') && !named.has(name))
        .map((name) => rm(join(this.dir.files, name), { force: true })),
    );
  }
}
