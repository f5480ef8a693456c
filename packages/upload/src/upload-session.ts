import {
  AbortError,
  FilestackError,
  isAbortError,
  isRetryable,
  retryAfterOf,
  retryDelay,
  type StoredFile,
  sleep,
  TimeoutError,
  throwIfAborted,
  toFilestackError,
  toStoredFile,
  withRetry,
} from '@fs/core';
import { checkSize, toSource, type UploadSource } from './input.js';
import { createLimiter, type Limiter } from './limiter.js';
import {
  MIN_CHUNK_SIZE,
  resolveUploadOptions,
  type UploadConfig,
  type UploadOptions,
  type UploadRuntime,
} from './options.js';
import { blobBody, bytesBody, type PartBody } from './part-body.js';
import { choosePartSize, type PartPlan, planParts } from './part-plan.js';
import { createProgressReporter, createProgressTracker } from './progress.js';
import { anySignal } from './signals.js';
import { ClockSkewError, missingEtagError } from './transport.js';
import { startUpload, type UploadCalls } from './upload-api.js';

/** A stored file, plus which protocol carried it. */
export interface UploadedFile extends StoredFile {
  /**
   * `'intelligent'` when Intelligent Ingestion carried at least one part; `'regular'`
   * otherwise, including when it was asked for but the app does not have it.
   */
  mode: 'regular' | 'intelligent';
}

/** An upload in progress that can be paused and resumed. */
export interface UploadHandle {
  /** Settles once: the stored file, or a `FilestackError`. */
  readonly done: Promise<UploadedFile>;
  /**
   * Stops sending: in-flight part requests are aborted and no new part starts. Parts already
   * stored stay stored. Does nothing once the upload settled.
   */
  pause(): void;
  /** Continues a paused upload, re-sending only the parts that had not finished. */
  resume(): void;
  readonly paused: boolean;
}

/** How `uploadMany` plugs a file into its batch. */
export interface SessionHooks {
  limiter: Limiter;
  progress: { loaded(loaded: number): void; done(): void };
}

interface PartState extends PartPlan {
  /** Set once storage holds the part: its ETag (regular) or its commit (intelligent). */
  done: boolean;
  busy: boolean;
  etag?: string;
  via?: 'intelligent';
  /** Intelligent Ingestion: bytes of this part already stored, from its start. */
  stored: number;
  /** The part's bytes while it is unfinished (a stream cannot be read twice); not for Blob slices. */
  bytes?: Uint8Array;
  /** The whole part's MD5 once asked for, possibly before its turn (Blob slices, regular parts). */
  md5?: Promise<string>;
}

/** Thrown inside a fallback-mode part when its regular PUT failed: redo it intelligently. */
class SwitchToIntelligent extends FilestackError {
  constructor(cause: FilestackError) {
    super('A regular part failed; switching to Intelligent Ingestion', { code: 'SWITCH', cause });
  }
}

/** Checks an upload's options and input before any request. Throws a ValidationError. */
export function prepareUpload(
  input: unknown,
  options: UploadOptions,
  runtime: UploadRuntime,
): { config: UploadConfig; source: UploadSource } {
  const config = resolveUploadOptions(options, runtime);
  const own = runtime.sourceFor?.(input);
  return { config, source: own ? checkSize(own, options.size) : toSource(input, options.size) };
}

/** Starts an upload and returns its handle. Never throws: problems reject `done`. */
export function startSession(
  input: unknown,
  options: UploadOptions,
  runtime: UploadRuntime,
): UploadHandle {
  let prepared: ReturnType<typeof prepareUpload>;
  try {
    prepared = prepareUpload(input, options, runtime);
  } catch (error) {
    return { done: Promise.reject(error), pause() {}, resume() {}, paused: false };
  }
  return startPrepared(prepared.config, prepared.source);
}

/** Runs a checked upload; `hooks` join it to an `uploadMany` batch. */
export function startPrepared(
  config: UploadConfig,
  source: UploadSource,
  hooks?: SessionHooks,
): UploadHandle {
  let pause = new AbortController();
  let paused = false;
  let settled = false;
  let onResume: (() => void) | undefined;
  const done = runSession(config, source, hooks, {
    pauseSignal: () => pause.signal,
    waitForResume: (signal) =>
      new Promise<void>((resolve, reject) => {
        if (!paused) return resolve();
        const onAbort = () => reject(new AbortError(undefined, signal.reason));
        signal.addEventListener('abort', onAbort, { once: true });
        onResume = () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        };
      }),
  }).finally(() => {
    settled = true;
  });
  return {
    done,
    pause() {
      if (settled || paused) return;
      paused = true;
      pause.abort(new AbortError('The upload was paused'));
    },
    resume() {
      if (!paused) return;
      paused = false;
      pause = new AbortController();
      onResume?.();
      onResume = undefined;
    },
    get paused() {
      return paused;
    },
  };
}

interface PauseControl {
  pauseSignal(): AbortSignal;
  waitForResume(signal: AbortSignal): Promise<void>;
}

async function runSession(
  config: UploadConfig,
  source: UploadSource,
  hooks: SessionHooks | undefined,
  control: PauseControl,
): Promise<UploadedFile> {
  const size = source.size;
  const filename = config.filename ?? source.name ?? 'untitled';
  // Explicit, else the Blob's own type, else the extension (Node), else octet-stream.
  const mimetype =
    config.mimetype ||
    source.type ||
    config.mimetypeFromName?.(filename) ||
    'application/octet-stream';
  const file = { filename, mimetype, size };
  const progress = hooks?.progress ?? createProgressReporter(size, config.onProgress);
  const limiter = hooks?.limiter ?? createLimiter(config.concurrency);
  const failure = new AbortController();
  const run = anySignal([config.signal, failure.signal]);
  let firstError: unknown;
  const fail = (error: unknown) => {
    if (firstError === undefined) firstError = error;
    failure.abort(error);
  };
  try {
    throwIfAborted(config.signal);
    const calls = await startUpload(config, file, run.signal);
    const partSize = choosePartSize(size, config.partSize);
    const parts: PartState[] = planParts(size, partSize).map((plan) => ({
      ...plan,
      done: false,
      busy: false,
      stored: 0,
    }));
    const tracker = createProgressTracker(
      new Map(parts.map((part) => [part.number, part.size])),
      (loaded) => progress.loaded(loaded),
    );
    const sender = createPartSender(config, calls, tracker.part, {
      intelligent: calls.intelligentAvailable && config.intelligent === true,
      fallback: calls.intelligentAvailable && config.intelligent === 'fallback',
      chunkSize: config.chunkSize ?? partSize,
    });

    // Rounds of workers: a round ends when every part is stored, or on pause; resume starts
    // the next round with whatever is unfinished.
    while (!parts.every((part) => part.done)) {
      const pauseSignal = control.pauseSignal();
      if (pauseSignal.aborted) {
        await control.waitForResume(run.signal);
        continue;
      }
      const round = anySignal([run.signal, pauseSignal]);
      const isPause = (error: unknown) =>
        pauseSignal.aborted && !run.signal.aborted && isAbortError(error);
      const worker = async () => {
        while (!round.signal.aborted) {
          const release = await limiter.acquire(round.signal);
          try {
            const part = parts.find((p) => !p.done && !p.busy);
            if (!part || round.signal.aborted) return;
            part.busy = true;
            try {
              let body: PartBody;
              if (config.blobBodies && source.blob) {
                body = blobBody(source.blob, part.offset);
                // A slice costs nothing to ask for: the part after this one is hashed while
                // this one is sent, so its MD5 is ready when a connection is.
                sender.startMd5(part, body);
                const next = parts.find((p) => !p.done && !p.busy);
                if (next) sender.startMd5(next, blobBody(source.blob, next.offset));
              } else {
                part.bytes ??= await source.read(part.offset, part.size);
                body = bytesBody(part.bytes);
              }
              throwIfAborted(round.signal);
              await sender.send(part, body, round.signal);
              part.done = true;
              if (part.bytes) source.release?.(part.bytes);
              part.bytes = undefined;
            } finally {
              part.busy = false;
            }
          } finally {
            release();
          }
        }
      };
      const workers = Array.from({ length: Math.min(config.concurrency, parts.length) }, () =>
        worker().catch((error: unknown) => {
          if (!isPause(error)) fail(error);
        }),
      );
      await Promise.all(workers);
      round.dispose();
      if (firstError !== undefined) throw firstError;
      throwIfAborted(config.signal);
    }

    await source.finish();
    const raw = await complete(config, calls, parts, run.signal);
    const stored = toStoredFile(raw, config.hosts.cdn);
    if (typeof stored.raw.size === 'number' && stored.raw.size !== size) {
      throw new FilestackError(
        `/multipart/complete reported ${stored.raw.size} bytes but ${size} were sent`,
        { code: 'PROTOCOL' },
      );
    }
    progress.done();
    return { ...stored, mode: parts.some((part) => part.via) ? 'intelligent' : 'regular' };
  } catch (error) {
    fail(error);
    source.cancel();
    if (config.signal?.aborted) throw new AbortError(undefined, config.signal.reason);
    throw toFilestackError(firstError);
  } finally {
    run.dispose();
  }
}

/** Sends parts: regular (PUT + ETag) or Intelligent Ingestion (chunks + commit). */
function createPartSender(
  config: UploadConfig,
  calls: UploadCalls,
  onSent: (part: number, sent: number) => void,
  mode: { intelligent: boolean; fallback: boolean; chunkSize: number },
) {
  // Chunk size lives here, per upload: a bad link shrinks this upload's chunks, never another's.
  let chunkSize = mode.chunkSize;
  let intelligent = mode.intelligent;

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

  async function sendRegular(part: PartState, body: PartBody, signal: AbortSignal) {
    const md5 = config.integrity
      ? await (part.md5 ?? config.md5(body.slice(0, part.size)))
      : undefined;
    part.etag = await withRetry(
      async () => {
        // A fresh URL per try: a stale signature (RequestTimeTooSkewed) or an expired URL
        // would fail again.
        const target = await calls.partUrl(
          { part: part.number, size: part.size, ...(md5 ? { md5 } : {}) },
          signal,
          false,
        );
        let answer: Awaited<ReturnType<typeof put>>;
        try {
          answer = await put(part, body.slice(0, part.size), target, 0, signal);
        } catch (error) {
          const switchable = !(error instanceof ClockSkewError) && !signal.aborted;
          if (mode.fallback && switchable) throw new SwitchToIntelligent(toFilestackError(error));
          throw error;
        }
        if (!answer.etag) throw missingEtagError(target.url);
        return answer.etag;
      },
      { policy: config.policy, signal, onRetry: config.http.onRetry, toError: toFilestackError },
    );
  }

  async function sendIntelligent(part: PartState, body: PartBody, signal: AbortSignal) {
    let failures = 0;
    let skews = 0;
    while (part.stored < part.size) {
      const planned = chunkSize;
      const offset = part.stored;
      const end = offset + Math.min(planned, part.size - offset);
      const md5 = config.integrity ? await config.md5(body.slice(offset, end)) : undefined;
      // URL requests follow the retry policy on their own; only a failed PUT shrinks chunks.
      const target = await calls.partUrl(
        {
          part: part.number,
          size: end - offset,
          offset,
          fii: true,
          ...(md5 ? { md5 } : {}),
        },
        signal,
        true,
      );
      try {
        await put(part, body.slice(offset, end), target, offset, signal);
        part.stored = end;
      } catch (thrown) {
        const error = toFilestackError(thrown);
        if (signal.aborted) throw error;
        if (error instanceof ClockSkewError) {
          if (++skews >= config.policy.attempts) throw error;
          continue;
        }
        if (!isRetryable(error, config.policy, 0)) throw error;
        if (planned <= MIN_CHUNK_SIZE) {
          throw new FilestackError(
            `Intelligent Ingestion gave up on part ${part.number}: a chunk failed at the ` +
              `${MIN_CHUNK_SIZE / 1024} KiB minimum chunk size (${error.message})`,
            { code: 'CHUNK_FAILED', cause: error },
          );
        }
        chunkSize = Math.min(chunkSize, Math.max(MIN_CHUNK_SIZE, Math.floor(planned / 2)));
        failures++;
        const delay = retryDelay(config.policy, failures, retryAfterOf(error));
        config.http.onRetry?.({ attempt: failures, delay, error });
        await sleep(delay, signal);
      }
    }
    await calls.commit(part.number, signal);
  }

  return {
    /** Starts hashing a regular part now, once; its PUT awaits the result. */
    startMd5(part: PartState, body: PartBody): void {
      if (!config.integrity || intelligent || part.via || part.md5) return;
      part.md5 = config.md5(body.slice(0, part.size));
      // Until the part is sent nobody awaits it: a failed read must not go unhandled meanwhile.
      part.md5.catch(() => {});
    },
    async send(part: PartState, body: PartBody, signal: AbortSignal): Promise<void> {
      if (intelligent || part.via) {
        part.via = 'intelligent';
        return sendIntelligent(part, body, signal);
      }
      try {
        await sendRegular(part, body, signal);
      } catch (error) {
        if (!(error instanceof SwitchToIntelligent)) throw error;
        // JS's fallback mode: from the first failed part on, the rest go intelligent
        // (docs/protocol.md#fallback-mode).
        intelligent = true;
        part.via = 'intelligent';
        await sendIntelligent(part, body, signal);
      }
    },
  };
}

/** `/multipart/complete`, polled while it answers 202, up to `completeTimeout`. */
async function complete(
  config: UploadConfig,
  calls: UploadCalls,
  parts: PartState[],
  signal: AbortSignal,
): Promise<unknown> {
  const regular = parts
    .filter((part) => part.etag !== undefined)
    .map((part) => ({ part_number: part.number, etag: part.etag }));
  const fields: Record<string, unknown> = {
    ...(regular.length > 0 ? { parts: regular } : {}),
    ...(parts.some((part) => part.via) ? { fii: true } : {}),
    ...(config.tags ? { upload_tags: config.tags } : {}),
  };
  const deadline = Date.now() + config.completeTimeout;
  for (let poll = 1; ; poll++) {
    const answer = await calls.complete(fields, signal);
    if (answer.status !== 202) return answer.body;
    const left = deadline - Date.now();
    if (left <= 0) {
      throw new TimeoutError(
        `/multipart/complete still answered 202 (processing) after ${config.completeTimeout} ms`,
      );
    }
    await sleep(Math.min(retryDelay(config.policy, poll), left), signal);
  }
}
