import { ValidationError } from '@fs/core';
import {
  getContent,
  getJson,
  getOcr,
  getSfw,
  getTags,
  type SfwResult,
  type StoreParams,
  storeTransform,
  type TagsResult,
  type Task,
  type TransformSource,
  transformUrl,
} from '@fs/transform';
import { downloadTo } from './download.js';
import { type Filelink, makeFilelink } from './filelink.js';
import {
  type CallOptions,
  type ConnectionOptions,
  createSettings,
  policyNow,
  requestOptions,
  type SecurityInput,
  type Settings,
} from './settings.js';
import { TaskChain } from './task-chain.js';

/** Options of `new Transformation(source, options)`. */
export interface TransformationOptions extends ConnectionOptions {
  /** Your API key: needed for external URLs, storage aliases and `zip`. */
  apikey?: string;
}

/** Settings and tasks handed from the object a Transformation is derived from. */
let inherited: { settings: Settings; tasks: readonly Task[] } | undefined;

/** A Transformation on `source` that shares `settings` (its client's or filelink's). */
export function makeTransformation(
  source: TransformSource,
  settings: Settings,
  tasks: readonly Task[],
): Transformation {
  inherited = { settings, tasks };
  try {
    return new Transformation(source);
  } finally {
    inherited = undefined;
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
  readonly #source: TransformSource;
  readonly #tasks: readonly Task[];
  readonly #settings: Settings;

  /**
   * @param source a handle, an `http(s)://` URL, a `src://alias/path`, or a list of these.
   * @throws ValidationError for a bad source, API key, host or policy (an external URL needs
   *   `apikey`).
   */
  constructor(source: TransformSource, options: TransformationOptions = {}) {
    super();
    const from = inherited;
    inherited = undefined;
    this.#settings = from?.settings ?? createSettings(options.apikey, options);
    this.#source = Array.isArray(source) ? Object.freeze([...source]) : source;
    this.#tasks = Object.freeze([...(from?.tasks ?? [])]);
    // Writing the URL once checks the source and the key now, not at the first request.
    this.url;
  }

  /** What the chain runs on. */
  get source(): TransformSource {
    return this.#source;
  }

  /** The tasks, in order (repeats kept). */
  get tasks(): readonly Task[] {
    return this.#tasks;
  }

  /** The API key, when one was given or inherited. */
  get apikey(): string | undefined {
    return this.#settings.apikey;
  }

  /** The policy requests are signed with, as it was given. */
  get security(): SecurityInput | undefined {
    return this.#settings.given;
  }

  /**
   * The unsigned processing URL, byte for byte the Python SDK's `url` for the same chain.
   *
   * @example
   * filelink.resize({ width: 400 }).flip().url;
   * // https://cdn.filestackcontent.com/resize=width:400/flip/<handle>
   */
  get url(): string {
    return transformUrl(this.#source, this.#tasks, {
      ...this.#settings.hosts,
      apikey: this.#settings.apikey,
    });
  }

  /**
   * The URL signed with `security`, else with the policy this chain inherited: the policy is
   * written `security=p:<policy>,s:<signature>` after the tasks, as the Python SDK writes it.
   *
   * @throws ValidationError when there is no policy, or it is a function (it cannot be asked
   *   synchronously: await it and pass the result).
   */
  signedUrl(security?: SecurityInput): string {
    return signedUrlOf(this.#settings, this.#source, this.#tasks, security);
  }

  /** The URL, so a Transformation can go straight into a template string. */
  override toString(): string {
    return this.url;
  }

  protected append(task: Task): Transformation {
    return makeTransformation(this.#source, this.#settings, [...this.#tasks, task]);
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
    const file = await storeTransform(this.#source, this.#tasks, {
      ...requestOptions(this.#settings, options),
      store: params,
    });
    return makeFilelink(file.handle, this.#settings, file);
  }

  /** Downloads the result into memory (signed when a policy is set). */
  async getContent(options?: CallOptions): Promise<Uint8Array> {
    return getContent(this.#source, this.#tasks, requestOptions(this.#settings, options));
  }

  /**
   * The parsed JSON answer of a chain that ends in a JSON task (`imagesize`, `pdfInfo`,
   * `detectFaces({ export: true })`, ...).
   *
   * @example
   * const { width, height } = await filelink.imagesize().getJson<{ width: number; height: number }>();
   */
  async getJson<T = Record<string, unknown>>(options?: CallOptions): Promise<T> {
    return getJson<T>(this.#source, this.#tasks, requestOptions(this.#settings, options));
  }

  /**
   * Node.js: streams the result into the file at `path` and resolves with the bytes written.
   * Elsewhere it rejects with a ValidationError (use `getContent`).
   */
  async download(path: string, options?: CallOptions): Promise<number> {
    return downloadTo(this.#settings, this.#source, this.#tasks, path, options);
  }

  /** Image tags of the result (the service requires a policy). */
  async tags(options?: CallOptions): Promise<TagsResult> {
    return getTags(this.#source, this.#tasks, requestOptions(this.#settings, options));
  }

  /** Safe-for-work detection on the result (the service requires a policy). */
  async sfw(options?: CallOptions): Promise<SfwResult> {
    return getSfw(this.#source, this.#tasks, requestOptions(this.#settings, options));
  }

  /** Text recognised in the result, as the service answers it. */
  async ocr(options?: CallOptions): Promise<Record<string, unknown>> {
    return getOcr(this.#source, this.#tasks, requestOptions(this.#settings, options));
  }
}

/** The signed URL of `tasks` on `source`: the call's policy, else the inherited one. */
export function signedUrlOf(
  settings: Settings,
  source: TransformSource,
  tasks: readonly Task[],
  security: SecurityInput | undefined,
): string {
  const policy = policyNow(settings, security);
  if (policy === undefined) {
    throw new ValidationError({
      option: 'security',
      received: undefined,
      allowed: 'a Security or { policy, signature }, given here or to the Client or Filelink',
    });
  }
  return transformUrl(source, tasks, {
    ...settings.hosts,
    apikey: settings.apikey,
    security: policy,
  });
}
