import { assertApikey, type StoreOptions, ValidationError } from '@fs/core';
import { type UrlscreenshotParams, urlscreenshot, zip } from '@fs/transform';
import { type UploadInput, type UploadOptions, upload, uploadUrl } from '@fs/upload';
import { runtime } from '#runtime';
import { type Filelink, makeFilelink, makeTransformation, type Transformation } from './chains.js';
import {
  type CallOptions,
  type ConnectionOptions,
  callSecurity,
  createSettings,
  type SecurityInput,
  type Settings,
  type Storage,
} from './settings.js';

/** Options of `new Client(apikey, options)`. */
export interface ClientOptions extends ConnectionOptions {
  /** Where uploads are stored unless `storeParams.location` says otherwise (`S3` by default). */
  storage?: Storage;
}

/**
 * Options of `client.upload()`: exactly one of `file` and `filepath`, plus every option of
 * `@fs/upload` (`intelligent`, `onProgress`, `signal`, `tags`, `partSize`, `concurrency`, ...).
 */
export interface ClientUploadOptions
  extends Omit<UploadOptions, 'apikey' | 'store' | 'security' | 'urls' | 'cname'> {
  /** The bytes: a Blob or File, a Uint8Array or ArrayBuffer, or a stream with `size`. */
  file?: UploadInput;
  /** Node.js: a file path, read from disk part by part as it is sent. */
  filepath?: string;
  /** Where and how to store the file (`location`, `path`, `container`, `filename`, ...). */
  storeParams?: StoreOptions;
  /** Signs this upload instead of the client's policy. */
  security?: SecurityInput;
}

/** Options of `client.uploadUrl()`. */
export interface UploadUrlCallOptions extends CallOptions {
  /** Upload tags: at most 10. */
  tags?: Record<string, string>;
  /** Headers Filestack sends when it fetches the URL, e.g. `Authorization`. */
  headers?: Record<string, string>;
}

/**
 * The whole SDK behind one object, named as the Python SDK names it: uploads, URL imports,
 * transformations of external URLs, screenshots and zips. Every Filelink and Transformation it
 * makes inherits its API key, policy and hosts.
 *
 * @example
 * const client = new Client('YOUR_API_KEY');
 * const filelink = await client.upload({ filepath: 'photo.jpg' }); // Node.js
 * console.log(filelink.url);
 */
export class Client {
  readonly #settings: Settings;

  /**
   * @param apikey your Filestack API key.
   * @throws ValidationError for a malformed API key, host, storage or policy.
   */
  constructor(apikey: string, options: ClientOptions = {}) {
    assertApikey(apikey);
    this.#settings = createSettings(apikey, options);
  }

  /** The API key. */
  get apikey(): string {
    return this.#settings.apikey!;
  }

  /** The policy every request is signed with, as it was given. */
  get security(): SecurityInput | undefined {
    return this.#settings.given;
  }

  /** The default storage of uploads, when one was given. */
  get storage(): Storage | undefined {
    return this.#settings.storage;
  }

  /** A Filelink for an existing handle, with this client's API key, policy and hosts. */
  filelink(handle: string): Filelink {
    return makeFilelink(handle, this.#settings);
  }

  /**
   * Uploads a file (multipart; Intelligent Ingestion with `intelligent: true`) and resolves with
   * its Filelink once the service confirmed it; `filelink.uploadResponse` is the stored record.
   *
   * @example
   * const filelink = await client.upload({
   *   file: new TextEncoder().encode('hello'),
   *   storeParams: { filename: 'hello.txt' },
   *   onProgress: ({ percent }) => console.log(`${percent}%`),
   * });
   */
  async upload(options: ClientUploadOptions): Promise<Filelink> {
    const { file, filepath, storeParams, security, ...rest } = options ?? {};
    if ((file === undefined) === (filepath === undefined)) {
      throw new ValidationError({
        option: 'file',
        received: options,
        allowed: 'exactly one of file (bytes, a Blob or a stream) and filepath',
      });
    }
    const settings = this.#settings;
    const input =
      filepath === undefined
        ? (file as UploadInput)
        : await runtime.openFile(filepath, 'filepath', storeParams?.mimetype);
    const stored = await upload(input, {
      ...settings.httpOptions,
      ...rest,
      ...settings.hosts,
      apikey: this.apikey,
      security: callSecurity(settings, { security }),
      store: this.#store(storeParams),
    });
    return makeFilelink(stored.handle, settings, stored);
  }

  /**
   * Stores a copy of the file at `url` (Filestack fetches it) and resolves with its Filelink.
   *
   * @example
   * const filelink = await client.uploadUrl('https://example.com/cat.jpg', { path: 'imports/' });
   */
  async uploadUrl(
    url: string,
    storeParams?: Omit<StoreOptions, 'mimetype'>,
    options: UploadUrlCallOptions = {},
  ): Promise<Filelink> {
    const settings = this.#settings;
    const stored = await uploadUrl(url, {
      ...settings.httpOptions,
      ...settings.hosts,
      apikey: this.apikey,
      security: callSecurity(settings, options),
      store: this.#store(storeParams),
      tags: options.tags,
      headers: options.headers,
      signal: options.signal,
    });
    return makeFilelink(stored.handle, settings, stored);
  }

  /**
   * A Transformation of an external `http(s)://` URL (or a `src://` storage alias); its URL
   * carries the API key, as the service needs.
   *
   * @example
   * client.transformExternal('https://example.com/a.jpg').resize({ width: 500 }).url;
   * // https://cdn.filestackcontent.com/<API_KEY>/resize=width:500/https://example.com/a.jpg
   */
  transformExternal(url: string): Transformation {
    return makeTransformation(url, this.#settings, []);
  }

  /**
   * A screenshot of the web page at `url`, as a Transformation (chain more tasks, `store()` it,
   * or read its `url`).
   *
   * @example
   * client.urlscreenshot('https://example.com', { agent: 'mobile', mode: 'window' }).url;
   */
  urlscreenshot(url: string, params?: UrlscreenshotParams): Transformation {
    return makeTransformation(url, this.#settings, [urlscreenshot(params)]);
  }

  /**
   * Node.js: zips the files `handles` (`<cdn>/<API_KEY>/zip/[h1,h2]`), streams the archive to
   * `path` and resolves with the bytes written.
   */
  async zip(path: string, handles: readonly string[], options?: CallOptions): Promise<number> {
    // `@fs/transform` checks the list (handles, at least one) before anything is sent.
    return runtime.download(this.#settings, handles, [zip()], path, options);
  }

  /** Store options with the client's default storage. */
  #store<T extends StoreOptions>(params: T | undefined): T | undefined {
    const location = this.#settings.storage;
    return location === undefined ? params : ({ location, ...params } as T);
  }
}
