import { type FileHandle, open } from 'node:fs/promises';
import { ReplyError } from '../http/replies.js';
import type { Source } from '../processing/task.js';
import type { FetchRules } from '../sources/fetch-source.js';
import { localSource } from '../sources/local-source.js';
import type { FileStore } from '../store/file-store.js';
import { type ZipEntry, zipLength, zipStream } from './zip-format.js';

/** The name of the archive the `zip` task answers or stores (the service's name is unknown). */
export const ZIP_FILENAME = 'archive.zip';

/** The sources of a `zip` task, open and measured, ready to be written as one archive. */
export interface ZipArchive {
  /** The archive's length in bytes. */
  length: number;
  /** The archive's bytes; read once. */
  stream(): AsyncGenerator<Uint8Array>;
  /** Closes the files (also when the archive was never read, or only in part). */
  close(): Promise<void>;
}

/** A stored file name as an archive entry: no folders (nothing extracts outside its folder). */
function entryName(filename: string): string {
  const flat = filename.replace(/[/\\]/g, '_');
  return flat === '' || flat === '.' || flat === '..' ? 'file' : flat;
}

/**
 * Entry names in source order, each file's name, with ` (2)`, ` (3)`, ... before the extension
 * when it is already taken: `a.txt`, `a (2).txt`. Names differing only in case collide too, as
 * they would when extracted on macOS or Windows.
 */
export function uniqueEntryNames(filenames: readonly string[]): string[] {
  const taken = new Set<string>();
  return filenames.map((filename) => {
    const name = entryName(filename);
    const dot = name.lastIndexOf('.');
    const [stem, extension] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
    let candidate = name;
    for (let n = 2; taken.has(candidate.toLowerCase()); n++) {
      candidate = `${stem} (${n})${extension}`;
    }
    taken.add(candidate.toLowerCase());
    return candidate;
  });
}

/**
 * Opens every source of a `zip` task (a handle, a URL or a `[...]` list of them) before the
 * answer starts: a missing handle is a 404 and a bad source a 400, as for other tasks. Each file
 * is kept open and measured, so the announced length is the length sent even if a file is
 * overwritten or deleted while the archive streams. A URL is first copied to a temporary file,
 * removed at once (the open descriptor keeps its bytes).
 */
export async function openZipArchive(
  files: FileStore,
  source: Source,
  fetching: FetchRules,
): Promise<ZipArchive> {
  const items = source.kind === 'list' ? source.items : [source];
  const opened: { file: FileHandle; size: number; filename: string; modified: Date }[] = [];
  const close = async () => {
    await Promise.all(opened.map(({ file }) => file.close()));
  };
  try {
    for (const item of items) {
      if (item.kind === 'list') throw new ReplyError(400, 'zip: a source list cannot hold a list');
      const local = await localSource(files, item, fetching);
      try {
        const file = await open(local.path, 'r');
        const { size } = await file.stat();
        const modified = new Date(local.record?.uploaded ?? Date.now());
        opened.push({ file, size, filename: local.filename, modified });
      } finally {
        await local.cleanup();
      }
    }
    const names = uniqueEntryNames(opened.map((o) => o.filename));
    const entries: ZipEntry[] = opened.map(({ file, size, modified }, i) => ({
      name: names[i]!,
      size,
      modified,
      read: () => file.createReadStream({ start: 0, autoClose: false, highWaterMark: 1 << 20 }),
    }));
    return { length: zipLength(entries), stream: () => zipStream(entries), close };
  } catch (error) {
    await close();
    throw error;
  }
}
