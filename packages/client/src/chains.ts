// Filelink, Transformation and AudioVisual make each other (a Filelink's task methods start
// Transformations, a Transformation's store() answers a Filelink, avConvert() answers an
// AudioVisual whose toFilelink() and fromJob() make Filelinks), so they share this module: split
// up, each would import the others at run time.

import {
  type AudioVisual as AvJob,
  type ConversionJob,
  type ConversionResult,
  type ConversionStatus,
  openConversion,
  type StatusOptions,
  videoConvert,
  type WaitOptions,
} from '@fs/av';
import { assertHandle, type StoredFile, ValidationError } from '@fs/core';
import {
  type PreviewParams,
  type StoreParams,
  storeTransform,
  type Task,
  type TransformSource,
  type VideoConvertParams,
} from '@fs/transform';
import {
  type DeleteOptions,
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
  callSecurity,
  createSettings,
  requestOptions,
  type SecurityInput,
  type Settings,
} from './settings.js';
import { type Chain, TaskChain } from './task-chain.js';

/** Options of `new Filelink(handle, options)`. */
export interface FilelinkOptions extends ConnectionOptions {
  /** Your API key: needed by `delete()` and by chains ending in `zip`. */
  apikey?: string;
}

/** Options of `new Transformation(source, options)`. */
export interface TransformationOptions extends ConnectionOptions {
  /** Your API key: needed for external URLs, storage aliases and `zip`. */
  apikey?: string;
}

/** What the service answered for the call that made a Filelink (upload, store, URL import). */
export type UploadResponse = StoredFile & {
  mode?: 'regular' | 'intelligent';
  /** `client.upload()` with `resume`: bytes an earlier run had already stored. */
  resumedBytes?: number;
};

// Objects made by a Client or by each other share its settings: the constructors take them under
// this key of their options, which only this module can write, so the public options stay the
// only way in for users.
const MADE_FROM = Symbol('made from');

/** What an object is made from when another one makes it. */
interface MadeFrom {
  readonly settings: Settings;
  readonly response?: UploadResponse;
  readonly tasks?: readonly Task[];
}

const madeFrom = (options: object): MadeFrom | undefined =>
  (options as { [MADE_FROM]?: MadeFrom })[MADE_FROM];

/** A Filelink that shares `settings` (the API key, policy and hosts of what made it). */
export function makeFilelink(
  handle: string,
  settings: Settings,
  response?: UploadResponse,
): Filelink {
  const from: MadeFrom = { settings, response };
  return new Filelink(handle, { [MADE_FROM]: from } as FilelinkOptions);
}

/** A Transformation on `source` that shares `settings` (its client's or filelink's). */
export function makeTransformation(
  source: TransformSource,
  settings: Settings,
  tasks: readonly Task[],
): Transformation {
  const from: MadeFrom = { settings, tasks };
  return new Transformation(source, { [MADE_FROM]: from } as TransformationOptions);
}

/** A Transformation of what `chain` runs on, with `task` appended. */
function extend({ source, tasks, settings }: Chain, task: Task): Transformation {
  return makeTransformation(source, settings, [...tasks, task]);
}

/**
 * Runs `tasks` on `source` with a `store` task at the end and opens the new file as a Filelink
 * that shares `settings` (`Filelink.store` and `Transformation.store`).
 */
async function storeChain(
  { source, tasks, settings }: Chain,
  params: StoreParams | undefined,
  options: CallOptions | undefined,
): Promise<Filelink> {
  const file = await storeTransform(source, tasks, {
    ...requestOptions(settings, options),
    store: params,
  });
  return makeFilelink(file.handle, settings, file);
}

/**
 * Starts `video_convert` on `source` with `@fs/av`, signed and hosted as `settings` say; the
 * job's `toFilelink()` opens the converted file with the same settings.
 */
async function convert(
  settings: Settings,
  source: string,
  params: VideoConvertParams | undefined,
  options: CallOptions | undefined,
): Promise<AudioVisual> {
  const job = await videoConvert(source, params, {
    ...settings.hosts,
    ...settings.httpOptions,
    apikey: settings.apikey,
    security: callSecurity(settings, options),
    signal: options?.signal,
  });
  return new AudioVisual(job, { [MADE_FROM]: { settings } });
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
    const from = madeFrom(options);
    const checked = assertHandle(handle);
    super({
      source: checked,
      tasks: [],
      settings: from?.settings ?? createSettings(options.apikey, options),
    });
    this.handle = checked;
    this.uploadResponse = from?.response;
  }

  protected append(task: Task): Transformation {
    return extend(this.chain, task);
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
    return convert(this.chain.settings, this.handle, params, options);
  }

  /**
   * Copies the file to storage (the `store` task on its URL, as the Python SDK's
   * `Filelink.store()` sends it) and resolves with the copy's new Filelink, which inherits this
   * one's API key, policy and hosts; `uploadResponse` is the service's answer. `params` says
   * where and how: `location`, `path`, `container`, `region`, `access`, `filename`,
   * `workflows`, `base64decode` (the content is base64 text to decode). Never retried: each
   * request stores another copy. Needs the `store` call with security on.
   *
   * @example
   * const copy = await filelink.store({ location: 'gcs', path: 'archive/', access: 'private' });
   */
  async store(params?: StoreParams, options?: CallOptions): Promise<Filelink> {
    return storeChain(this.chain, params, options);
  }

  /**
   * The URL of the document viewer for this file (the `preview` task): an HTML page that shows
   * it, for an iframe; `css` is the URL of a stylesheet for the page. Signed with `security`,
   * else with the inherited policy when there is one, since the browser that opens it cannot
   * add one (a policy given as a function cannot be asked synchronously: await it and pass it).
   * filestack-js: `client.preview(handle, { css })`.
   *
   * @example
   * iframe.src = filelink.previewUrl({ css: 'https://example.com/viewer.css' });
   */
  previewUrl(params?: PreviewParams, security?: SecurityInput): string {
    const viewer = this.preview(params);
    return security === undefined && this.chain.settings.security === undefined
      ? viewer.url
      : viewer.signedUrl(security);
  }

  /**
   * Replaces the file's content, keeping its handle. Give exactly one of `filepath` (Node.js,
   * read from disk as it is sent), `file` (bytes or a Blob) or `url` (Filestack fetches it).
   * With security on, the policy needs the `write` call (`writeUrl` for a URL).
   *
   * @returns the service's record of the new content (size, type, URL).
   */
  async overwrite(input: OverwriteInput, options?: OverwriteOptions): Promise<StoredFile> {
    return overwriteFile(this.chain.settings, this.handle, input, options);
  }

  /**
   * Deletes the file. Needs the API key and, with security on, a policy with the `remove` call.
   * `skipStorage: true` removes Filestack's record but keeps the stored object.
   *
   * @example
   * await filelink.delete({ skipStorage: true }); // the bytes stay in your bucket
   */
  async delete(options?: DeleteOptions): Promise<void> {
    return deleteFile(this.chain.settings, this.handle, options);
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
    return readMetadata(this.chain.settings, this.handle, fields, options);
  }
}

/**
 * A processing chain on a handle, an external URL or a list of sources. Immutable: every task
 * method returns a new Transformation and leaves this one unchanged (the Python SDK appends to
 * the same object, so two chains from one base step on each other; these never do).
 *
 * Made by `filelink.resize(...)`, `client.transformExternal(url)` or directly; it inherits the
 * API key, policy and hosts of what made it.
 *
 * @example
 * const base = client.transformExternal('https://example.com/a.jpg').resize({ width: 500 });
 * const flipped = base.flip(); // base is still only resized
 * console.log(flipped.url);
 * const stored = await flipped.store({ path: 'thumbs/' });
 */
export class Transformation extends TaskChain {
  /**
   * @param source a handle, an `http(s)://` URL, a `src://alias/path`, or a list of these.
   * @throws ValidationError for a bad source, API key, host or policy (an external URL needs
   *   `apikey`).
   */
  constructor(source: TransformSource, options: TransformationOptions = {}) {
    const from = madeFrom(options);
    super({
      source: Array.isArray(source) ? Object.freeze([...source]) : source,
      tasks: Object.freeze([...(from?.tasks ?? [])]),
      settings: from?.settings ?? createSettings(options.apikey, options),
    });
    // Writing the URL once checks the source and the key now, not at the first request.
    this.toString();
  }

  /** What the chain runs on. */
  get source(): TransformSource {
    return this.chain.source;
  }

  /** The tasks, in order (repeats kept). */
  get tasks(): readonly Task[] {
    return this.chain.tasks;
  }

  protected append(task: Task): Transformation {
    return extend(this.chain, task);
  }

  /**
   * Runs the chain and stores the result as a new file (a POST of the URL with a `store` task,
   * as the Python SDK sends it; never retried, since each request stores a file). The new
   * Filelink inherits this chain's API key, policy and hosts; `uploadResponse` is the answer.
   *
   * @example
   * const thumb = await filelink.resize({ width: 200 }).store({ path: 'thumbs/', access: 'public' });
   */
  async store(params?: StoreParams, options?: CallOptions): Promise<Filelink> {
    return storeChain(this.chain, params, options);
  }

  /**
   * Starts converting the source to video or audio and resolves with the job (see
   * `Filelink.avConvert`). `@fs/av` converts a source, not a chain: on a Transformation with
   * tasks (or of several sources) this rejects with a ValidationError.
   *
   * @example
   * const av = await client.transformExternal('https://example.com/clip.mov').avConvert({ preset: 'h264' });
   */
  async avConvert(params?: VideoConvertParams, options?: CallOptions): Promise<AudioVisual> {
    const { source, tasks, settings } = this.chain;
    if (tasks.length > 0 || typeof source !== 'string') {
      throw new ValidationError({
        option: 'avConvert',
        received: this.url,
        allowed: 'one source, without tasks',
      });
    }
    return convert(settings, source, params, options);
  }
}

/**
 * A running audio or video conversion, from `filelink.avConvert(...)`: its `uuid`,
 * `timestamp` and status URL, one-request `status()` and `result()`, `wait()` with backoff and
 * a timeout, and `toFilelink()` for the converted file (inheriting the API key, policy and hosts
 * of what started it). A thin wrapper over `@fs/av`'s job.
 *
 * @example
 * const av = await filelink.avConvert({ preset: 'h264', width: 1280 });
 * await av.wait({ onStatus: (status) => console.log(status) });
 * const video = await av.toFilelink();
 */
export class AudioVisual {
  readonly #job: AvJob;
  readonly #settings: Settings;

  /** @internal Made by `avConvert()` and `AudioVisual.fromJob()`. */
  constructor(job: AvJob, options: object) {
    this.#job = job;
    this.#settings = madeFrom(options)!.settings;
  }

  /**
   * A job started earlier, elsewhere (another request, another process), rebuilt from what
   * identifies it (its `toJSON()`: `{ url, uuid, timestamp }`), so it can be checked here: as
   * the Python SDK's `AudioVisual(url, uuid, timestamp, apikey, security)`. No request is sent
   * until `status()`, `result()`, `wait()` or `toFilelink()`; each is signed with `security`
   * (a policy written in `url`, redacted or not, is dropped). The converted file's Filelink
   * gets these options.
   *
   * @throws ValidationError when `job` is not `{ url, uuid, timestamp }` of one `video_convert`
   *   task, or an option is malformed, before any request.
   * @example
   * // Request 1: start the job and keep what identifies it.
   * const started = await filelink.avConvert({ preset: 'h264' });
   * await db.save(JSON.stringify(started)); // the policy in url is redacted
   * // Request 2: check it.
   * const av = AudioVisual.fromJob(JSON.parse(await db.load()), { apikey, security });
   * if ((await av.status()) === 'completed') console.log((await av.toFilelink()).url);
   */
  static fromJob(job: ConversionJob, options: FilelinkOptions = {}): AudioVisual {
    const settings = createSettings(options.apikey, options);
    const opened = openConversion(job, { ...settings.httpOptions, security: settings.security });
    return new AudioVisual(opened, { [MADE_FROM]: { settings } });
  }

  /** The job's id: 32 hex characters. */
  get uuid(): string {
    return this.#job.uuid;
  }

  /** When the job was created: unix seconds, as the service writes them (a string). */
  get timestamp(): string {
    return this.#job.timestamp;
  }

  /** The status URL (the conversion URL; it carries the policy when security is used). */
  get url(): string {
    return this.#job.url;
  }

  /**
   * One request: `'pending' | 'started' | 'completed' | 'failed'`. The Python SDK's `status`
   * property, as a method: every request is asynchronous here, and a getter that sends one
   * would hide it.
   */
  status(options?: StatusOptions): Promise<ConversionStatus> {
    return this.#job.status(options);
  }

  /**
   * One request: the converted file. Rejects with a `ConversionError` unless the job is
   * `completed`.
   */
  result(options?: StatusOptions): Promise<ConversionResult> {
    return this.#job.result(options);
  }

  /**
   * Polls with backoff until the job ends and resolves with the converted file; rejects with a
   * `ConversionError` when it fails, a `TimeoutError` after `timeout`, an `AbortError` on abort.
   */
  wait(options?: WaitOptions): Promise<ConversionResult> {
    return this.#job.wait(options);
  }

  /**
   * The converted file as a Filelink. Checks the status first, as the Python SDK does, and
   * rejects with a `ConversionError` (`CONVERSION_NOT_READY`) while the job still runs.
   */
  async toFilelink(options?: StatusOptions): Promise<Filelink> {
    const { handle } = await this.#job.result(options);
    return makeFilelink(handle, this.#settings);
  }

  /** `{ uuid, timestamp, url }`, with the policy in `url` redacted. */
  toJSON(): { uuid: string; timestamp: string; url: string } {
    return this.#job.toJSON();
  }
}
