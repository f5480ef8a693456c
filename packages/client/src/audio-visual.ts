import {
  type AudioVisual as AvJob,
  type ConversionResult,
  type ConversionStatus,
  type StatusOptions,
  videoConvert,
  type WaitOptions,
} from '@fs/av';
import type { VideoConvertParams } from '@fs/transform';
import type { Filelink } from './chains.js';
import { type CallOptions, callSecurity, type Settings } from './settings.js';

/** Opens a converted file by its handle (a Filelink with the settings of what converted it). */
type OpenFilelink = (handle: string) => Filelink;

/**
 * Starts `video_convert` on `source` with `@fs/av`, signed and hosted as `settings` say; the
 * job's `toFilelink()` opens the converted file with `open`.
 */
export async function startConversion(
  settings: Settings,
  source: string,
  params: VideoConvertParams | undefined,
  options: CallOptions | undefined,
  open: OpenFilelink,
): Promise<AudioVisual> {
  const job = await videoConvert(source, params, {
    ...settings.hosts,
    apikey: settings.apikey,
    security: callSecurity(settings, options),
    fetch: settings.httpOptions.fetch,
    signal: options?.signal,
  });
  return new AudioVisual(job, open);
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
  readonly #open: OpenFilelink;

  /** @internal Made by `avConvert()`. */
  constructor(job: AvJob, open: OpenFilelink) {
    this.#job = job;
    this.#open = open;
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

  /** One request: `'pending' | 'started' | 'completed' | 'failed'`. */
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
    return this.#open(handle);
  }

  /** `{ uuid, timestamp, url }`, with the policy in `url` redacted. */
  toJSON(): { uuid: string; timestamp: string; url: string } {
    return this.#job.toJSON();
  }
}
