import {
  FilestackError,
  isRetryable,
  retryAfterOf,
  retryDelay,
  sleep,
  toFilestackError,
} from '@fs/core';
import { type ChunkState, chunkFailed, chunkStored, firstChunks, nextChunk } from './chunk-size.js';
import { MIN_CHUNK_SIZE, type UploadConfig } from './options.js';
import type { PartBody } from './part-body.js';
import type { PartPlan } from './part-plan.js';
import { ClockSkewError, etagNotRead, missingEtagError } from './transport.js';
import type { UploadCalls } from './upload-api.js';

/**
 * One part of an upload while it is sent. Everything but `bytes` and `reading` is plain data:
 * what a resumable upload saves after each acknowledged part or chunk.
 */
export interface PartState extends PartPlan {
  /** Set once storage holds the part: its ETag (regular) or its commit (intelligent). */
  done: boolean;
  busy: boolean;
  etag?: string;
  via?: 'intelligent';
  /** Intelligent Ingestion: how far the part's chunks got, and the size of the next one. */
  chunks?: ChunkState;
  /** The part's bytes while it is unfinished (a stream cannot be read twice); not for Blobs. */
  bytes?: Uint8Array;
  /** The read of `bytes` under way, kept across a pause so it is never asked for twice. */
  reading?: Promise<Uint8Array>;
  /** The whole part's MD5 once asked for, possibly before its turn (Blob slices, regular parts). */
  md5?: Promise<string>;
}

/** Sends the parts of one upload: regular (PUT + ETag) or Intelligent Ingestion (chunks + commit). */
export interface PartSender {
  /** Starts hashing a regular part now, once; its PUT awaits the result. */
  startMd5(part: PartState, body: PartBody): void;
  send(part: PartState, body: PartBody, signal: AbortSignal): Promise<void>;
}

/** How `progressTimeout` is kept: the time since storage last acknowledged a byte. */
export interface ProgressClock {
  /** Storage acknowledged bytes (a part or a chunk): the clock starts again. */
  acknowledged(): void;
  /**
   * Throws `NO_PROGRESS` when nothing was acknowledged for `progressTimeout` since the later of
   * the last acknowledgement and `since` (when the caller started sending: waiting for a
   * connection slot or for the input does not count).
   */
  check(since: number, cause: FilestackError): void;
}

/** `onAcknowledged` runs after each acknowledgement (a resumable upload saves its state). */
export function createProgressClock(timeout: number, onAcknowledged?: () => void): ProgressClock {
  let last = Date.now();
  return {
    acknowledged() {
      last = Date.now();
      onAcknowledged?.();
    },
    check(since, cause) {
      if (Date.now() - Math.max(last, since) < timeout) return;
      throw new FilestackError(
        `The upload stopped: no byte was acknowledged for ${timeout} ms (progressTimeout); ` +
          `the last error was: ${cause.message}`,
        { code: 'NO_PROGRESS', cause },
      );
    },
  };
}

/** Thrown inside a fallback-mode part when its regular PUT failed: redo it intelligently. */
class SwitchToIntelligent extends FilestackError {
  static override readonly brand: string = 'SwitchToIntelligent';
  constructor(cause: FilestackError) {
    super('A regular part failed; switching to Intelligent Ingestion', { code: 'SWITCH', cause });
  }
}

export function createPartSender(
  config: UploadConfig,
  calls: UploadCalls,
  onSent: (part: number, sent: number) => void,
  mode: { intelligent: boolean; fallback: boolean; chunkSize: number },
  clock: ProgressClock,
): PartSender {
  let intelligent = mode.intelligent;
  // A new part starts at the last chunk size that was stored, of any part of this upload (and
  // of no other upload: a bad link of one file never shrinks another's chunks).
  let startSize = mode.chunkSize;
  const { policy } = config;

  const put = (
    part: PartState,
    body: Uint8Array | Blob,
    target: { url: string; headers: Record<string, string> },
    base: number,
    signal: AbortSignal,
  ) =>
    config.transport({
      url: target.url,
      headers: target.headers,
      body,
      signal,
      idleTimeout: config.timeout,
      onProgress: (sent) => onSent(part.number, base + sent),
    });

  /** Waits the retry delay after try `attempt` failed with `error` (its Retry-After wins). */
  const backOff = async (error: FilestackError, attempt: number, signal: AbortSignal) => {
    const delay = retryDelay(policy, attempt, retryAfterOf(error));
    config.http.onRetry?.({ attempt, delay, error });
    await sleep(delay, signal);
  };

  async function sendRegular(part: PartState, body: PartBody, signal: AbortSignal) {
    const md5 = config.integrity
      ? await (part.md5 ?? config.md5(body.slice(0, part.size)))
      : undefined;
    const since = Date.now();
    let url = '';
    for (let attempt = 1; ; attempt++) {
      let error: FilestackError;
      let switchable = false;
      try {
        // A fresh URL per try: a stale signature (RequestTimeTooSkewed) or an expired URL
        // would fail again.
        const target = await calls.partUrl(
          { part: part.number, size: part.size, ...(md5 ? { md5 } : {}) },
          signal,
          false,
        );
        url = target.url;
        switchable = true;
        const answer = await put(part, body.slice(0, part.size), target, 0, signal);
        if (answer.etag) {
          part.etag = answer.etag;
          clock.acknowledged();
          return;
        }
        error = etagNotRead(url);
      } catch (thrown) {
        error = toFilestackError(thrown);
      }
      if (signal.aborted) throw error;
      if (mode.fallback && switchable && !ClockSkewError.isInstance(error)) {
        // Fallback mode redoes the part as chunks, after the same wait as any retry.
        await backOff(error, attempt, signal);
        throw new SwitchToIntelligent(error);
      }
      if (!isRetryable(error, policy, attempt)) {
        // The CORS advice only once no try could read the ETag.
        throw error.code === 'MISSING_ETAG' ? missingEtagError(url) : error;
      }
      clock.check(since, error);
      await backOff(error, attempt, signal);
    }
  }

  async function sendIntelligent(part: PartState, body: PartBody, signal: AbortSignal) {
    part.chunks ??= firstChunks(startSize, part.size);
    const since = Date.now();
    let skews = 0;
    let hashed: { start: number; end: number; md5: string } | undefined;
    while (part.chunks.acknowledged < part.size) {
      const { start, end } = nextChunk(part.chunks, part.size);
      let md5: string | undefined;
      if (config.integrity) {
        // A retry at the same size sends the same bytes: no need to hash them again.
        if (hashed?.start !== start || hashed.end !== end) {
          hashed = { start, end, md5: await config.md5(body.slice(start, end)) };
        }
        md5 = hashed.md5;
      }
      // URL requests follow the retry policy on their own; only a failed PUT moves the chunk.
      const target = await calls.partUrl(
        { part: part.number, size: end - start, offset: start, fii: true, ...(md5 ? { md5 } : {}) },
        signal,
        true,
      );
      try {
        await put(part, body.slice(start, end), target, start, signal);
      } catch (thrown) {
        const error = toFilestackError(thrown);
        if (signal.aborted) throw error;
        if (ClockSkewError.isInstance(error)) {
          // A stale URL, not a bad link: the same chunk again with a fresh one.
          if (++skews >= policy.attempts) throw error;
          continue;
        }
        if (!isRetryable(error, policy, 0)) throw error;
        const attempt = part.chunks.failures + 1;
        const verdict = chunkFailed(part.chunks, part.size, policy.attempts);
        part.chunks = verdict.state;
        if (verdict.giveUp) throw chunkGaveUp(part.number, attempt, error);
        clock.check(since, error);
        await backOff(error, attempt, signal);
        continue;
      }
      startSize = part.chunks.size;
      part.chunks = chunkStored(part.chunks, part.size);
      clock.acknowledged();
    }
    await calls.commit(part.number, signal);
  }

  return {
    startMd5(part, body) {
      if (!config.integrity || intelligent || part.via || part.md5) return;
      part.md5 = config.md5(body.slice(0, part.size));
      // Until the part is sent nobody awaits it: a failed read must not go unhandled meanwhile.
      part.md5.catch(() => {});
    },
    async send(part, body, signal) {
      if (intelligent || part.via) {
        part.via = 'intelligent';
        return sendIntelligent(part, body, signal);
      }
      try {
        await sendRegular(part, body, signal);
      } catch (error) {
        if (!SwitchToIntelligent.isInstance(error)) throw error;
        // From the first failed part on, the rest go intelligent too, as in filestack-js
        // (docs/protocol.md#fallback-mode).
        intelligent = true;
        part.via = 'intelligent';
        await sendIntelligent(part, body, signal);
      }
    },
  };
}

function chunkGaveUp(part: number, tries: number, cause: FilestackError): FilestackError {
  return new FilestackError(
    `Intelligent Ingestion gave up: a chunk of part ${part} failed ${tries} times at the ` +
      `${MIN_CHUNK_SIZE / 1024} KiB minimum chunk size, all the retry policy allows; the last ` +
      `error was: ${cause.message}`,
    { code: 'CHUNK_FAILED', cause },
  );
}
