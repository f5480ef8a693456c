import { ValidationError } from '@fs/core';
import {
  getContent,
  getJson,
  getOcr,
  getSfw,
  getTags,
  type SfwResult,
  type TagsResult,
  type Task,
  type TaskParams,
  type TransformRequestOptions,
  type TransformSource,
  task,
  transformUrl,
} from '@fs/transform';
import { runtime } from '#runtime';
import type { Transformation } from './chains.js';
import {
  type CallOptions,
  policyNow,
  requestOptions,
  type SecurityInput,
  type Settings,
} from './settings.js';
import { TaskSteps } from './task-steps.generated.js';

/** What a chain runs on: its source, its tasks and the settings it inherited. */
export interface Chain {
  readonly source: TransformSource;
  readonly tasks: readonly Task[];
  readonly settings: Settings;
}

/** One of `@fs/transform`'s request functions (`getContent`, `getTags`, ...). */
type TransformRequest<T> = (
  source: TransformSource,
  tasks: readonly Task[],
  options: TransformRequestOptions,
) => Promise<T>;

/**
 * What `Filelink` and `Transformation` share: their URLs, the requests that read a result, and
 * one method per processing task. Each task method returns a new `Transformation` with the task
 * appended and leaves the object it was called on unchanged, so a chain can be kept and
 * branched safely. Methods are named as the Python SDK names them, in camelCase
 * (`filetypeConversion` writes `output`), plus the tasks only filestack-js has (`compress`,
 * `blurFaces`, `pjpg`, `cache`, `imagesize`). Parameters keep Filestack's own names and are
 * checked by `@fs/transform` before anything is sent (a `ValidationError` naming the task and
 * parameter).
 */
export abstract class TaskChain extends TaskSteps {
  // A #private field, so that neither logging an object nor JSON.stringify shows its policy.
  readonly #chain: Chain;

  /** Filelink and Transformation say what they run on. */
  protected constructor(chain: Chain) {
    super();
    this.#chain = chain;
  }

  /** What this chain runs on, for the Filelink and Transformation methods. */
  protected get chain(): Chain {
    return this.#chain;
  }

  /** The API key, when one was given or inherited. */
  get apikey(): string | undefined {
    return this.#chain.settings.apikey;
  }

  /** The policy requests are signed with, as it was given. */
  get security(): SecurityInput | undefined {
    return this.#chain.settings.given;
  }

  /**
   * The unsigned URL, byte for byte the Python SDK's `url` for the same calls:
   * `https://cdn.filestackcontent.com/<handle>` for a Filelink, the processing URL for a chain.
   *
   * @example
   * filelink.resize({ width: 400 }).flip().url;
   * // https://cdn.filestackcontent.com/resize=width:400/flip/<handle>
   */
  get url(): string {
    const { source, tasks, settings } = this.#chain;
    return transformUrl(source, tasks, { ...settings.hosts, apikey: settings.apikey });
  }

  /**
   * The URL signed with `security`, else with the inherited policy, written as the Python SDK
   * writes it: `security=p:<policy>,s:<signature>` after the tasks, just before the source.
   *
   * @throws ValidationError when there is no policy, or it is a function (it cannot be asked
   *   synchronously: await it and pass the result).
   */
  signedUrl(security?: SecurityInput): string {
    const { source, tasks, settings } = this.#chain;
    const policy = policyNow(settings, security);
    return transformUrl(source, tasks, {
      ...settings.hosts,
      apikey: settings.apikey,
      security: policy,
    });
  }

  /** The URL, so a Filelink or Transformation can go straight into a template string. */
  override toString(): string {
    return this.url;
  }

  /** Downloads the file (or the chain's result) into memory, signed when a policy is set. */
  async getContent(options?: CallOptions): Promise<Uint8Array> {
    return this.#send(getContent, options);
  }

  /**
   * The parsed JSON answer: of a chain that ends in a JSON task (`imagesize`, `pdfInfo`,
   * `detectFaces({ export: true })`), or of a JSON file.
   *
   * @example
   * const { width, height } = await filelink.imagesize().getJson<{ width: number; height: number }>();
   */
  async getJson<T = Record<string, unknown>>(options?: CallOptions): Promise<T> {
    return this.#send(getJson<T>, options);
  }

  /**
   * Node.js: streams the file (or the chain's result) to `path`, never whole in memory, and
   * resolves with the bytes written. Elsewhere it rejects with a ValidationError (use
   * `getContent`).
   *
   * @example
   * const size = await filelink.download('/tmp/photo.png');
   */
  async download(path: string, options?: CallOptions): Promise<number> {
    const { source, tasks, settings } = this.#chain;
    return runtime.download(settings, source, tasks, path, options);
  }

  /**
   * Image tags. Needs a policy (`security` here or inherited), as the service and the Python SDK
   * do: without one it rejects with a ValidationError before any request. Python SDK: `tags()`.
   */
  async tags(options?: CallOptions): Promise<TagsResult> {
    return this.#send(getTags, options, 'tags');
  }

  /**
   * Safe-for-work detection. Needs a policy, as `tags()` does. Python SDK: `sfw()`.
   */
  async sfw(options?: CallOptions): Promise<SfwResult> {
    return this.#send(getSfw, options, 'sfw');
  }

  /**
   * Text recognised in the image, as the service answers it. Needs a policy, as `tags()` does.
   * Python SDK: `ocr()`.
   */
  async ocr(options?: CallOptions): Promise<Record<string, unknown>> {
    return this.#send(getOcr, options, 'ocr');
  }

  /**
   * Appends any task by name, with no catalog checks: the escape hatch for tasks and parameters
   * the catalog lacks (`task('caption')`, `task('metadata')`).
   *
   * @example
   * filelink.task('tags', { version: 2 }).url;
   */
  task(name: string, params?: TaskParams): Transformation {
    return this.append(task(name, params === undefined ? undefined : { ...params }));
  }

  /**
   * Runs one of `@fs/transform`'s request functions on what this chain runs on; `signed` names
   * the task when the request must carry a policy.
   */
  async #send<T>(
    request: TransformRequest<T>,
    options: CallOptions | undefined,
    signed?: string,
  ): Promise<T> {
    const { source, tasks, settings } = this.#chain;
    const sent = requestOptions(settings, options);
    // The service refuses tags and sfw without a policy on every app
    // (docs/protocol.md#tags-sfw-and-ocr); the Python SDK signs all three and raises without one,
    // so they are refused here before a request that would fail.
    if (signed && sent.security === undefined) {
      throw new ValidationError({
        option: 'security',
        received: undefined,
        allowed: `a policy for ${signed}(): a Security, { policy, signature } or a function that fetches one, given to this call or inherited from the Client`,
      });
    }
    return request(source, tasks, sent);
  }
}
