import { assertHandle, type StoredFile, ValidationError } from '@fs/core';
import {
  getContent,
  getOcr,
  getSfw,
  getTags,
  type SfwResult,
  type TagsResult,
  type Task,
  transformUrl,
} from '@fs/transform';
import { runtime } from '#runtime';
import { downloadTo } from './download.js';
import {
  deleteFile,
  type FileMetadata,
  type MetadataField,
  type OverwriteContent,
  type OverwriteOptions,
  overwriteFile,
  readMetadata,
} from './file-api.js';
import {
  type CallOptions,
  type ConnectionOptions,
  createSettings,
  requestOptions,
  type SecurityInput,
  type Settings,
} from './settings.js';
import { TaskChain } from './task-chain.js';
import { makeTransformation, signedUrlOf, type Transformation } from './transformation.js';

/** Options of `new Filelink(handle, options)`. */
export interface FilelinkOptions extends ConnectionOptions {
  /** Your API key: needed by `delete()` and by chains ending in `zip`. */
  apikey?: string;
}

/**
 * New content for `overwrite()`: a file on disk (Node.js), bytes, or a URL Filestack fetches.
 */
export type OverwriteInput =
  | { filepath: string }
  | { file: Blob | Uint8Array | ArrayBuffer }
  | { url: string };

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
  readonly #settings: Settings;

  /** @throws ValidationError for a malformed handle, API key, host or policy. */
  constructor(handle: string, options: FilelinkOptions = {}) {
    super();
    const from = inherited;
    inherited = undefined;
    this.handle = assertHandle(handle);
    this.#settings = from?.settings ?? createSettings(options.apikey, options);
    this.uploadResponse = from?.response;
  }

  /** The API key, when one was given or inherited. */
  get apikey(): string | undefined {
    return this.#settings.apikey;
  }

  /** The policy requests are signed with, as it was given. */
  get security(): SecurityInput | undefined {
    return this.#settings.given;
  }

  /** The unsigned CDN URL: `https://cdn.filestackcontent.com/<handle>`. */
  get url(): string {
    return transformUrl(this.handle, [], this.#settings.hosts);
  }

  /**
   * The CDN URL signed with `security`, else with this Filelink's policy:
   * `https://cdn.filestackcontent.com/security=p:<policy>,s:<signature>/<handle>`.
   *
   * @throws ValidationError when there is no policy, or it is a function.
   */
  signedUrl(security?: SecurityInput): string {
    return signedUrlOf(this.#settings, this.handle, [], security);
  }

  /** The URL, so a Filelink can go straight into a template string. */
  override toString(): string {
    return this.url;
  }

  protected append(task: Task): Transformation {
    return makeTransformation(this.handle, this.#settings, [task]);
  }

  /** Downloads the file into memory (signed when a policy is set). */
  async getContent(options?: CallOptions): Promise<Uint8Array> {
    return getContent(this.handle, [], requestOptions(this.#settings, options));
  }

  /**
   * Node.js: streams the file to `path` (never whole in memory) and resolves with the bytes
   * written. Elsewhere it rejects with a ValidationError (use `getContent`).
   *
   * @example
   * const size = await filelink.download('/tmp/photo.png');
   */
  async download(path: string, options?: CallOptions): Promise<number> {
    return downloadTo(this.#settings, this.handle, [], path, options);
  }

  /**
   * Replaces the file's content, keeping its handle. Give exactly one of `filepath` (Node.js,
   * read from disk as it is sent), `file` (bytes or a Blob) or `url` (Filestack fetches it).
   * With security on, the policy needs the `write` call (`writeUrl` for a URL).
   *
   * @returns the service's record of the new content (size, type, URL).
   */
  async overwrite(input: OverwriteInput, options?: OverwriteOptions): Promise<StoredFile> {
    const given =
      input !== null && typeof input === 'object'
        ? (['filepath', 'file', 'url'] as const).filter((key) => key in input)
        : [];
    if (given.length !== 1) {
      throw new ValidationError({
        option: 'overwrite',
        received: input,
        allowed: 'exactly one of { filepath }, { file } or { url }',
      });
    }
    let content: OverwriteContent;
    if ('filepath' in input) {
      content = { file: await runtime.openFile(input.filepath, 'filepath') };
    } else if ('url' in input) {
      if (typeof input.url !== 'string' || !/^https?:\/\/\S+$/i.test(input.url)) {
        throw new ValidationError({
          option: 'url',
          received: input.url,
          allowed: 'an absolute http(s) URL for Filestack to fetch',
        });
      }
      content = { url: input.url };
    } else {
      const { file } = input;
      if (!(file instanceof Blob || file instanceof Uint8Array || file instanceof ArrayBuffer)) {
        throw new ValidationError({
          option: 'file',
          received: file,
          allowed: 'a Blob, File, Uint8Array or ArrayBuffer',
        });
      }
      content = { file };
    }
    return overwriteFile(this.#settings, this.handle, content, options);
  }

  /**
   * Deletes the file. Needs the API key and, with security on, a policy with the `remove` call.
   */
  async delete(options?: CallOptions): Promise<void> {
    return deleteFile(this.#settings, this.handle, options);
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
    return readMetadata(this.#settings, this.handle, fields, options);
  }

  /** Image tags (the service requires a policy). */
  async tags(options?: CallOptions): Promise<TagsResult> {
    return getTags(this.handle, [], requestOptions(this.#settings, options));
  }

  /** Safe-for-work detection (the service requires a policy). */
  async sfw(options?: CallOptions): Promise<SfwResult> {
    return getSfw(this.handle, [], requestOptions(this.#settings, options));
  }

  /** Text recognised in the image, as the service answers it. */
  async ocr(options?: CallOptions): Promise<Record<string, unknown>> {
    return getOcr(this.handle, [], requestOptions(this.#settings, options));
  }
}
