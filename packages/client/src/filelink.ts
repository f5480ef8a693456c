import { assertHandle, type StoredFile } from '@fs/core';
import type { Task, VideoConvertParams } from '@fs/transform';
import { type AudioVisual, startConversion } from './audio-visual.js';
import {
  deleteFile,
  type FileMetadata,
  type MetadataField,
  type OverwriteInput,
  type OverwriteOptions,
  overwriteFile,
  readMetadata,
} from './file-api.js';
import {
  type CallOptions,
  type ConnectionOptions,
  createSettings,
  type Settings,
} from './settings.js';
import { bindChain, chainState, TaskChain } from './task-chain.js';
import { makeTransformation, type Transformation } from './transformation.js';

/** Options of `new Filelink(handle, options)`. */
export interface FilelinkOptions extends ConnectionOptions {
  /** Your API key: needed by `delete()` and by chains ending in `zip`. */
  apikey?: string;
}

/** What the service answered for the call that made a Filelink (upload, store, URL import). */
export type UploadResponse = StoredFile & { mode?: 'regular' | 'intelligent' };

let inherited: { settings: Settings; response: UploadResponse | undefined } | undefined;

/** A Filelink that shares `settings` (the API key, policy and hosts of what made it). */
export function makeFilelink(
  handle: string,
  settings: Settings,
  response?: UploadResponse,
): Filelink {
  inherited = { settings, response };
  try {
    return new Filelink(handle);
  } finally {
    inherited = undefined;
  }
}

/**
 * A stored file, by its handle: its URLs, its content, its metadata, overwrite and delete, and
 * every processing task as a method that starts a `Transformation`.
 *
 * Filelinks made by a `Client` (upload, store, `client.filelink(handle)`) inherit its API key,
 * policy and hosts; a `security` given to one call wins for that call.
 *
 * @example
 * const filelink = new Filelink('aBcDeFgHiJkLmNoPqRsT');
 * filelink.url;                              // https://cdn.filestackcontent.com/aBcDeFgHiJkLmNoPqRsT
 * filelink.resize({ width: 400 }).flip().url; // .../resize=width:400/flip/aBcDeFgHiJkLmNoPqRsT
 * const bytes = await filelink.getContent();
 */
export class Filelink extends TaskChain {
  /** The file's handle: 20 characters of `[A-Za-z0-9_-]`. */
  readonly handle: string;
  /** The service's answer when this Filelink came from an upload, a store or a URL import. */
  readonly uploadResponse: UploadResponse | undefined;

  /** @throws ValidationError for a malformed handle, API key, host or policy. */
  constructor(handle: string, options: FilelinkOptions = {}) {
    super();
    const from = inherited;
    inherited = undefined;
    this.handle = assertHandle(handle);
    bindChain(this, {
      source: this.handle,
      tasks: [],
      settings: from?.settings ?? createSettings(options.apikey, options),
    });
    this.uploadResponse = from?.response;
  }

  #settings(): Settings {
    return chainState(this).settings;
  }

  protected append(task: Task): Transformation {
    return makeTransformation(this.handle, this.#settings(), [task]);
  }

  /**
   * Starts converting the file to video or audio (`video_convert`, e.g. `{ preset: 'h264',
   * width: 1280 }`) and resolves with the job once the service accepted it: poll it with
   * `status()` or `wait()`, then `toFilelink()`. Python: `av_convert`.
   *
   * @example
   * const av = await filelink.avConvert({ width: 100, height: 100 });
   * await av.wait();
   * const converted = await av.toFilelink();
   */
  async avConvert(params?: VideoConvertParams, options?: CallOptions): Promise<AudioVisual> {
    return startConversion(this.#settings(), this.handle, params, options);
  }

  /**
   * Replaces the file's content, keeping its handle. Give exactly one of `filepath` (Node.js,
   * read from disk as it is sent), `file` (bytes or a Blob) or `url` (Filestack fetches it).
   * With security on, the policy needs the `write` call (`writeUrl` for a URL).
   *
   * @returns the service's record of the new content (size, type, URL).
   */
  async overwrite(input: OverwriteInput, options?: OverwriteOptions): Promise<StoredFile> {
    return overwriteFile(this.#settings(), this.handle, input, options);
  }

  /**
   * Deletes the file. Needs the API key and, with security on, a policy with the `remove` call.
   */
  async delete(options?: CallOptions): Promise<void> {
    return deleteFile(this.#settings(), this.handle, options);
  }

  /**
   * The file's metadata: the `fields` asked for, or the service's default set (size, mimetype,
   * filename, uploaded, writeable, location, path, container). Needs the `stat` call with
   * security on.
   *
   * @example
   * const { size, filename } = await filelink.metadata(['size', 'filename']);
   */
  async metadata(fields?: readonly MetadataField[], options?: CallOptions): Promise<FileMetadata> {
    return readMetadata(this.#settings(), this.handle, fields, options);
  }
}
