import {
  assertApikey,
  type FilestackError,
  type StoredFile,
  type StoreOptions,
  ValidationError,
} from '@fs/core';
import { type UrlscreenshotParams, urlscreenshot, zip } from '@fs/transform';
import {
  createUpload,
  type UploadedFile,
  type UploadHandle,
  type UploadInput,
  type UploadManyItem,
  type UploadManyOptions,
  type UploadOptions,
  type UploadProgress,
  type UploadResult,
  upload,
  uploadMany,
  uploadUrl,
} from '@fs/upload';
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
import {
  type ClientStoreParams,
  type ClientUploadItem,
  openInput,
  splitStoreParams,
  toManyItem,
} from './upload-inputs.js';

/** Options of `new Client(apikey, options)`. */
export interface ClientOptions extends ConnectionOptions {
  /**
   * Where uploads are stored unless `storeParams.location` says otherwise.
   * @default 'S3'
   */
  storage?: Storage;
}

/**
 * Options of every client upload: every option of `@fs/upload` (`intelligent`, `onProgress`,
 * `signal`, `tags`, `sanitize`, `partSize`, `concurrency`, `resume` with a store from
 * `@fs/client/resume`, ...), with `storeParams` for its `store` and a policy of the client's kind.
 */
export interface ClientUploadSettings
  extends Omit<UploadOptions, 'apikey' | 'store' | 'security' | 'urls' | 'cname'> {
  /**
   * Where and how to store the file (`location`, `path`, `container`, `filename` as text or a
   * function of the file, `mimetype`, `altText`, ...); Python's `upload_tags` is read as `tags`.
   */
  storeParams?: ClientStoreParams;
  /** Signs this upload instead of the client's policy. */
  security?: SecurityInput;
}

/** Options of `client.upload()`: exactly one of `file` and `filepath`, plus the upload settings. */
export interface ClientUploadOptions extends ClientUploadSettings {
  /** The bytes: a Blob or File, a Uint8Array or ArrayBuffer, or a stream with `size`. */
  file?: UploadInput;
  /** Node.js: a file path, read from disk part by part as it is sent. */
  filepath?: string;
}

/** An upload started by `client.createUpload()`: pause it, resume it, await `done`. */
export interface ClientUploadHandle {
  /** The stored file's Filelink; rejects as `client.upload()` does. */
  readonly done: Promise<Filelink>;
  /** Aborts the parts in flight; parts already stored stay stored. */
  pause(): void;
  /** Sends only the parts not stored yet. */
  resume(): void;
  readonly paused: boolean;
}

/** The outcome of one file of `client.uploadMany()`: one failure never hides the others. */
export type ClientUploadResult =
  | { ok: true; filelink: Filelink }
  | { ok: false; error: FilestackError };

/** Options of `client.uploadMany()`: the upload settings, plus what a batch reports per file. */
export interface ClientUploadManyOptions extends ClientUploadSettings {
  /** Each file's own progress, with the index of its input. Errors it throws are ignored. */
  onFileProgress?: (index: number, progress: UploadProgress) => void;
  /** Called once per file as soon as it settles, with its index. Errors it throws are ignored. */
  onFileSettled?: (index: number, result: ClientUploadResult) => void;
}

/** Options of `client.uploadUrl()`. */
export interface UploadUrlCallOptions extends CallOptions {
  /** Upload tags: at most 10. */
  tags?: Record<string, string>;
  /** Headers Filestack sends when it fetches the URL, e.g. `Authorization`. */
  headers?: Record<string, string>;
}

/**
 * Store options of `client.uploadUrl()`: those of every store but `mimetype` (the type comes
 * from the source), plus `base64decode` (the source is base64 text to decode) and Python's
 * `upload_tags`.
 */
export interface UploadUrlStoreParams extends Omit<StoreOptions, 'mimetype'> {
  /** The source is base64 text: store the decoded bytes. */
  base64decode?: boolean;
  /** Upload tags, as the Python SDK takes them in `store_params`: the same as `tags`. */
  upload_tags?: Record<string, string>;
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
    const { file, filepath, ...rest } = options ?? {};
    const uploadOptions = this.#uploadOptions(rest);
    const input = await openInput({ file, filepath }, uploadOptions.store?.mimetype);
    return this.#filelink(await upload(input, uploadOptions));
  }

  /**
   * Starts an upload that can be paused and resumed, as `@fs/upload`'s `createUpload` with this
   * client's key, policy and hosts. `input` is the bytes (a Blob or File, a Uint8Array, a
   * stream with `size`) or, on Node.js, `{ filepath }`.
   *
   * @example
   * const job = client.createUpload(file, { onProgress: ({ percent }) => show(percent) });
   * pauseButton.onclick = () => job.pause(); // stored parts stay stored
   * resumeButton.onclick = () => job.resume(); // only the rest is sent
   * const filelink = await job.done;
   */
  createUpload(
    input: UploadInput | Pick<ClientUploadItem, 'filepath'>,
    options: ClientUploadSettings = {},
  ): ClientUploadHandle {
    let paused = false;
    let started: UploadHandle | undefined;
    const done = (async () => {
      const uploadOptions = this.#uploadOptions(options);
      const item = isFilepath(input) ? input : { file: input };
      started = createUpload(await openInput(item, uploadOptions.store?.mimetype), uploadOptions);
      if (paused) started.pause();
      return this.#filelink(await started.done);
    })();
    return {
      done,
      pause() {
        paused = true;
        started?.pause();
      },
      resume() {
        paused = false;
        started?.resume();
      },
      get paused() {
        return started?.paused ?? paused;
      },
    };
  }

  /**
   * Uploads several files on one budget of `concurrency` connections and resolves with a
   * result per input, in order: `{ ok: true, filelink }` or `{ ok: false, error }`. An entry is
   * the bytes, or `{ file | filepath, storeParams?, tags?, size? }` for settings of its own. It
   * rejects only when the shared options are invalid.
   *
   * @example
   * const results = await client.uploadMany([{ filepath: 'a.jpg' }, { filepath: 'b.jpg' }]);
   * for (const r of results) console.log(r.ok ? r.filelink.url : r.error.message);
   */
  async uploadMany(
    inputs: ReadonlyArray<UploadInput | ClientUploadItem>,
    options: ClientUploadManyOptions = {},
  ): Promise<ClientUploadResult[]> {
    if (!Array.isArray(inputs)) {
      throw new ValidationError({
        option: 'inputs',
        received: inputs,
        allowed: 'an array of inputs or { file | filepath, storeParams?, tags?, size? } items',
      });
    }
    const { onFileProgress, onFileSettled, ...settings } = options ?? {};
    const shared: UploadManyOptions = this.#uploadOptions(settings);
    const entries = await Promise.all(inputs.map((entry) => toManyItem(entry, shared)));
    const results: ClientUploadResult[] = new Array(entries.length);
    const settle = (index: number, result: ClientUploadResult) => {
      results[index] = result;
      try {
        onFileSettled?.(index, result);
      } catch {
        // ignored, as documented on `onFileSettled`
      }
    };
    // The entries that opened go to @fs/upload; `at` maps their batch index back to the input's.
    const at: number[] = [];
    const items: UploadManyItem[] = [];
    entries.forEach((entry, index) => {
      if (entry instanceof Error) settle(index, { ok: false, error: entry });
      else at.push(index) && items.push(entry);
    });
    await uploadMany(items, {
      ...shared,
      onFileProgress: onFileProgress && ((index, event) => onFileProgress(at[index]!, event)),
      onFileSettled: (index, result: UploadResult) =>
        settle(
          at[index]!,
          result.ok ? { ok: true, filelink: this.#filelink(result.file) } : result,
        ),
    });
    return results;
  }

  /**
   * Stores a copy of the file at `url` (Filestack fetches it) and resolves with its Filelink.
   *
   * @example
   * const filelink = await client.uploadUrl('https://example.com/cat.jpg', { path: 'imports/' });
   */
  async uploadUrl(
    url: string,
    storeParams?: UploadUrlStoreParams,
    options: UploadUrlCallOptions = {},
  ): Promise<Filelink> {
    const settings = this.#settings;
    const { store, tags } = splitStoreParams(storeParams, options.tags);
    const stored = await uploadUrl(url, {
      ...settings.httpOptions,
      ...settings.hosts,
      apikey: this.apikey,
      security: callSecurity(settings, options),
      store: this.#store(store),
      tags,
      headers: options.headers,
      signal: options.signal,
    });
    return this.#filelink(stored);
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

  /** What `@fs/upload` takes for an upload with these settings, by this client. */
  #uploadOptions(options: ClientUploadSettings): UploadOptions {
    const { storeParams, security, tags, ...rest } = options ?? {};
    const split = splitStoreParams(storeParams, tags);
    const settings = this.#settings;
    return {
      ...settings.httpOptions,
      ...rest,
      ...settings.hosts,
      apikey: this.apikey,
      security: callSecurity(settings, { security }),
      store: this.#store(split.store),
      tags: split.tags,
    };
  }

  /** The Filelink of a file this client stored, with its answer. */
  #filelink(stored: UploadedFile | StoredFile): Filelink {
    return makeFilelink(stored.handle, this.#settings, stored);
  }

  /** Store options with the client's default storage. */
  #store<T extends object>(params: T | undefined): T | undefined {
    const location = this.#settings.storage;
    return location === undefined ? params : ({ location, ...params } as T);
  }
}

/** `{ filepath }` rather than the bytes of an upload. */
const isFilepath = (input: unknown): input is Pick<ClientUploadItem, 'filepath'> =>
  typeof input === 'object' &&
  input !== null &&
  Object.getPrototypeOf(input) === Object.prototype &&
  'filepath' in input;
