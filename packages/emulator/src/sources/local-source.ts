import { createWriteStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import type { Source } from '../processing/task.js';
import type { FileRecord, FileStore } from '../store/file-store.js';
import { chooseMimetype } from '../store/mime.js';
import type { FetchRules } from './fetch-source.js';
import { openSource } from './store-source.js';

/** A source as a file on disk, which is what sharp and the PDF reader want. */
export interface LocalSource {
  path: string;
  filename: string;
  mimetype: string;
  size: number;
  /** The stored file, when the source is a handle. */
  record?: FileRecord;
  sourceUrl?: string;
  /** Removes the temporary copy of a URL source (nothing for handles). */
  cleanup(): Promise<void>;
}

/**
 * A handle is read where it is stored; a URL is streamed into a temporary file first (never
 * into memory), removed by `cleanup()`.
 */
export async function localSource(
  files: FileStore,
  source: Source,
  fetching: FetchRules,
): Promise<LocalSource> {
  if (source.kind === 'handle') {
    const record = await files.get(source.handle);
    if (record) {
      return {
        path: files.bytesPath(record),
        filename: record.filename,
        mimetype: record.mimetype,
        size: record.size,
        record,
        cleanup: async () => {},
      };
    }
  }
  // openSource answers the errors (unknown handle, alias, list, invalid) in the usual words.
  const opened = await openSource(files, source, fetching);
  const path = files.tempPath();
  const cleanup = () => rm(path, { force: true });
  try {
    await pipeline(opened.body as NodeJS.ReadableStream, createWriteStream(path));
    const { size } = await stat(path);
    return {
      path,
      filename: opened.filename,
      mimetype: chooseMimetype(opened.mimetype, opened.filename),
      size,
      sourceUrl: opened.sourceUrl,
      cleanup,
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
