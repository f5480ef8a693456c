import { type FilestackError, ValidationError } from '@fs/core';
import type { UploadInput, UploadManyItem, UploadOptions, UploadStoreOptions } from '@fs/upload';
import { runtime } from '#runtime';

/*
 * What the client's upload methods take, turned into what `@fs/upload` takes: `{ file }` or
 * `{ filepath }` into an input, and `storeParams` (with the Python SDK's `upload_tags`) into
 * `store` and `tags`.
 */

/**
 * Where and how an upload is stored: the store options of `@fs/upload` (`location`, `path`,
 * `container`, `region`, `access`, `filename` as text or a function of the file, `mimetype`,
 * `workflows`, `altText`), plus `upload_tags`, the Python SDK's name for `tags`.
 */
export interface ClientStoreParams extends UploadStoreOptions {
  /** Upload tags, as the Python SDK takes them in `store_params`: the same as `tags`. */
  upload_tags?: Record<string, string>;
}

/** One file of a batch or a paused upload: its bytes or its path, with settings of its own. */
export interface ClientUploadItem {
  /** The bytes: a Blob or File, a Uint8Array or ArrayBuffer, or a stream with `size`. */
  file?: UploadInput;
  /** Node.js: a file path, read from disk part by part as it is sent. */
  filepath?: string;
  /** The byte length of a stream. */
  size?: number;
  /** Merged over the batch's `storeParams` (a `filename` per file, ...). */
  storeParams?: ClientStoreParams;
  /** Replaces the batch's tags for this file. */
  tags?: Record<string, string>;
}

/**
 * `storeParams` and `tags` as `@fs/upload` takes them: Python's `upload_tags` moves to `tags`.
 *
 * @throws ValidationError when both spellings are given.
 */
export function splitStoreParams<T extends { upload_tags?: Record<string, string> }>(
  storeParams: T | undefined,
  tags: Record<string, string> | undefined,
): { store: Omit<T, 'upload_tags'> | undefined; tags: Record<string, string> | undefined } {
  if (storeParams === null || typeof storeParams !== 'object' || !('upload_tags' in storeParams)) {
    // Anything else is checked by @fs/upload with the other store options.
    return { store: storeParams, tags };
  }
  const { upload_tags: uploadTags, ...store } = storeParams;
  if (tags !== undefined && uploadTags !== undefined) {
    throw new ValidationError({
      option: 'storeParams.upload_tags',
      received: uploadTags,
      allowed: 'one of tags and storeParams.upload_tags (the Python spelling of the same tags)',
    });
  }
  return { store, tags: tags ?? uploadTags };
}

/**
 * The `@fs/upload` input of exactly one of `file` and `filepath` (opened lazily from disk on
 * Node.js, typed by `mimetype` when given).
 *
 * @throws ValidationError for neither or both, or a path that cannot be opened.
 */
export async function openInput(
  item: Pick<ClientUploadItem, 'file' | 'filepath'>,
  mimetype: string | undefined,
  option = 'file',
): Promise<UploadInput> {
  const { file, filepath } = item ?? {};
  if ((file === undefined) === (filepath === undefined)) {
    throw new ValidationError({
      option,
      received: item,
      allowed: 'exactly one of file (bytes, a Blob or a stream) and filepath',
    });
  }
  return filepath === undefined ? file! : runtime.openFile(filepath, 'filepath', mimetype);
}

/** Whether `entry` of a batch is an item (`{ file }` or `{ filepath }`) rather than bare bytes. */
export function isUploadItem(entry: unknown): entry is ClientUploadItem {
  if (entry === null || typeof entry !== 'object') return false;
  const proto = Object.getPrototypeOf(entry);
  return (proto === Object.prototype || proto === null) && ('file' in entry || 'filepath' in entry);
}

/**
 * One entry of `client.uploadMany` as an `@fs/upload` batch item (which merges its store over
 * the batch's); a FilestackError, kept as that file's result, when it cannot be opened.
 */
export async function toManyItem(
  entry: ClientUploadItem | UploadInput,
  shared: Pick<UploadOptions, 'store'>,
): Promise<UploadManyItem | FilestackError> {
  try {
    const item: ClientUploadItem = isUploadItem(entry) ? entry : { file: entry };
    const { store, tags } = splitStoreParams(item.storeParams, item.tags);
    const input = await openInput(item, store?.mimetype ?? shared.store?.mimetype, 'inputs[]');
    return { input, size: item.size, store, tags };
  } catch (error) {
    return error as FilestackError;
  }
}
