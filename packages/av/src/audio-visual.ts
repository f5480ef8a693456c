import { type HttpClient, redactUrl, type SecuritySource, type SignedPolicy } from '@fs/core';
import type { ConversionStatus } from './conversion-error.js';
import { getJob } from './fetch-job.js';
import { type ConversionResult, type JobState, readJob, toResult } from './job-state.js';
import { type PollTiming, poll, pollTiming } from './poll.js';

/** Options of `wait()`. */
export interface WaitOptions extends PollTiming {
  /** Stops waiting (and the request under way); `wait()` then rejects with an `AbortError`. */
  signal?: AbortSignal;
  /** Called when the status changes, the first answer included: `pending`, `started`, ... */
  onStatus?: (status: ConversionStatus) => void;
}

/** Options of a single status request. */
export interface StatusOptions {
  /** Cancels the request; it then rejects with an `AbortError`. */
  signal?: AbortSignal;
}

/**
 * A conversion job started by `videoConvert`. Its status URL is the conversion URL itself:
 * every request of it answers the job's current state
 * (docs/protocol.md#audio-and-video-conversion).
 */
export interface AudioVisual {
  /** The job's id: 32 hex characters. */
  readonly uuid: string;
  /** When the job was created, unix seconds as the service writes them (a string). */
  readonly timestamp: string;
  /**
   * The status URL: the conversion URL, with the policy it was first requested with. It holds
   * the policy and signature when security is used; `JSON.stringify` shows it redacted.
   */
  readonly url: string;
  /** One request: the job's current status. */
  status(options?: StatusOptions): Promise<ConversionStatus>;
  /**
   * One request: the converted file. Rejects with a `ConversionError` unless the job is
   * `completed` (`CONVERSION_NOT_READY` while it runs, `CONVERSION_FAILED` when it failed).
   */
  result(options?: StatusOptions): Promise<ConversionResult>;
  /**
   * Polls with backoff until the job ends, and resolves with the converted file. Rejects with a
   * `ConversionError` (`CONVERSION_FAILED`, with the service's message) when the job fails, a
   * `TimeoutError` after `timeout`, an `AbortError` when `signal` fires.
   */
  wait(options?: WaitOptions): Promise<ConversionResult>;
  /** `{ uuid, timestamp, url }` with the policy and signature in `url` redacted. */
  toJSON(): { uuid: string; timestamp: string; url: string };
}

/** What an AudioVisual needs to ask about its job again. */
export interface JobRequest {
  build: (security: SignedPolicy | undefined) => string;
  security: SecuritySource;
  /** One try per status request: `wait()` rides out failures itself. */
  http: HttpClient;
}

/** The AudioVisual of a job whose first answer was `first`, fetched from `url`. */
export function audioVisual(
  first: Pick<JobState, 'uuid' | 'timestamp'>,
  url: string,
  request: JobRequest,
): AudioVisual {
  const { uuid, timestamp } = first;
  const check = async (signal: AbortSignal | undefined) =>
    readJob(await getJob(request.build, request.security, request.http, signal));
  return {
    uuid,
    timestamp,
    url,
    status: async (options = {}) => (await check(options.signal)).status,
    result: async (options = {}) => toResult(await check(options.signal)),
    async wait(options = {}) {
      const { signal, onStatus } = options;
      const timing = pollTiming(options);
      let last: ConversionStatus | undefined;
      const final = await poll(
        check,
        (state) => {
          if (state.status !== last) {
            last = state.status;
            onStatus?.(last);
          }
          return state.status === 'completed' || state.status === 'failed';
        },
        timing,
        signal,
        () => `Conversion ${uuid}${last ? ` (last status: ${last})` : ''}`,
      );
      return toResult(final);
    },
    toJSON: () => ({ uuid, timestamp, url: redactUrl(url) }),
  };
}
