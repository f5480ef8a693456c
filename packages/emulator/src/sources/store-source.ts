import { createReadStream } from 'node:fs';
import { ReplyError } from '../http/replies.js';
import { newHandle } from '../ids.js';
import type { Source } from '../processing/task.js';
import { decodeBase64Stream } from '../store/base64-stream.js';
import type { FileRecord, FileStore } from '../store/file-store.js';
import type { ByteSource } from '../store/hashed-write.js';
import { chooseMimetype } from '../store/mime.js';
import { DEFAULT_CONTAINER, storageKey } from '../store/storage-key.js';
import { type FetchRules, fetchSource } from './fetch-source.js';

/** Options of a `store` task (docs/protocol.md#store-options), as read from JSON or a CDN URL. */
export type StoreParams = Record<string, unknown>;

export interface StoreSourceOptions {
  /**
   * `_` for `/process`, `-` for the CDN store task (the keys observed,
   * docs/protocol.md#emulator-notes-store-options).
   */
  separator: '_' | '-';
  uploadTags?: Record<string, string>;
  /** Called with the stored size; throws to refuse it (policy `minSize`/`maxSize`). */
  checkSize?: (size: number) => void;
}

/** Options of storing a source that may be a URL. */
export interface SourceStoreOptions extends StoreSourceOptions {
  /** How a URL source may be fetched (limits, the policy's `url`, the caller's headers). */
  fetching: FetchRules;
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/** Bytes to store, with the name and type they come with. */
export interface OpenedSource {
  body: ByteSource;
  filename: string;
  mimetype?: string;
  sourceUrl?: string;
}

/** The bytes of a source (handle or URL) with the name and type they come with. */
export async function openSource(
  files: FileStore,
  source: Source,
  fetching: FetchRules,
): Promise<OpenedSource> {
  if (source.kind === 'handle') {
    const file = await files.get(source.handle);
    if (!file) throw new ReplyError(404, `File not found: ${source.handle}`);
    return {
      body: createReadStream(files.bytesPath(file)),
      filename: file.filename,
      mimetype: file.mimetype,
    };
  }
  if (source.kind === 'url') {
    const fetched = await fetchSource(source.url, fetching);
    return { ...fetched, sourceUrl: source.url };
  }
  if (source.kind === 'alias') {
    throw new ReplyError(400, 'storage aliases (src://) are not supported by the emulator');
  }
  if (source.kind === 'list') {
    throw new ReplyError(400, 'a list of sources needs a task that combines them');
  }
  throw new ReplyError(400, `invalid source: ${'text' in source ? source.text : source.kind}`);
}

/** Stores a handle's or a URL's bytes as a new file, applying the store options. */
export async function storeSource(
  files: FileStore,
  source: Source,
  params: StoreParams,
  options: SourceStoreOptions,
): Promise<FileRecord> {
  return storeOpened(files, await openSource(files, source, options.fetching), params, options);
}

/** Stores already opened bytes (a source, or the result of a processing chain) as a new file. */
export async function storeOpened(
  files: FileStore,
  opened: OpenedSource,
  params: StoreParams,
  options: StoreSourceOptions,
): Promise<FileRecord> {
  const filename = text(params.filename) ?? opened.filename;
  const handle = newHandle();
  const body =
    params.base64decode === true || params.base64decode === 'true'
      ? decodeBase64Stream(opened.body as AsyncIterable<Uint8Array>)
      : opened.body;
  const file = await files.create(handle, body, {
    filename,
    mimetype: chooseMimetype(text(params.mimetype) ?? opened.mimetype, filename),
    key: storageKey(handle, filename, params.path, options.separator),
    container: text(params.container) ?? DEFAULT_CONTAINER,
    location: text(params.location) ?? 's3',
    region: text(params.region),
    access: text(params.access),
    workflows: params.workflows,
    uploadTags: options.uploadTags,
    sourceUrl: opened.sourceUrl,
  });
  try {
    options.checkSize?.(file.size);
  } catch (error) {
    await files.remove(file.handle);
    throw error;
  }
  return file;
}
