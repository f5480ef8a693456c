import {
  AbortError,
  FilestackError,
  isAbortError,
  retryDelay,
  type StoredFile,
  sleep,
  TimeoutError,
  throwIfAborted,
  toFilestackError,
  toStoredFile,
} from '@fs/core';
import { chooseMimetype } from './choose-mimetype.js';
import { toSource, type UploadInput, type UploadSource } from './input.js';
import { createLimiter, type Limiter } from './limiter.js';
import {
  resolveUploadOptions,
  type UploadConfig,
  type UploadOptions,
  type UploadRuntime,
} from './options.js';
import { blobBody, bytesBody, type PartBody } from './part-body.js';
import { choosePartSize, planParts } from './part-plan.js';
import { createPartSender, createProgressClock, type PartState } from './part-sender.js';
import { createProgressReporter, createProgressTracker } from './progress.js';
import type { UploadJournal } from './resume-journal.js';
import type { ResumeState } from './resume-store.js';
import { anySignal, untilAborted } from './signals.js';
import { startUpload, type UploadCalls } from './upload-api.js';

/** A stored file, plus which protocol carried it. */
export interface UploadedFile extends StoredFile {
  /**
   * `'intelligent'` when Intelligent Ingestion carried at least one part; `'regular'`
   * otherwise, including when it was asked for but the app does not have it.
   */
  mode: 'regular' | 'intelligent';
  /** Bytes an earlier run had already stored (`resume`): 0 for a new upload. */
  resumedBytes: number;
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

/** Checks an upload's options and input before any request. Throws a ValidationError. */
export function prepareUpload(
  input: unknown,
  options: UploadOptions,
  runtime: UploadRuntime,
): { config: UploadConfig; source: UploadSource } {
  const config = resolveUploadOptions(options, runtime);
  const source = toSource(input, options.size);
  const info = {
    input: input as UploadInput,
    name: source.name,
    type: source.type,
    size: source.size,
  };
  return { config: { ...config, filename: config.nameFor(info) }, source };
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
  // Chosen (and sanitized) by prepareUpload.
  const filename = config.filename ?? 'untitled';
  let file: { filename: string; mimetype: string; size: number };
  const partSize = choosePartSize(size, config.partSize);
  const progress = hooks?.progress ?? createProgressReporter(size, config.onProgress);
  const limiter = hooks?.limiter ?? createLimiter(config.concurrency);
  let journal: UploadJournal | undefined;

  /** Sends the upload: a new one, or the `saved` one from where an earlier run left it. */
  const send = async (saved?: ResumeState): Promise<UploadedFile> => {
    const failure = new AbortController();
    const run = anySignal([config.signal, failure.signal, journal?.signal]);
    let firstError: unknown;
    const fail = (error: unknown) => {
      if (firstError === undefined) firstError = error;
      failure.abort(error);
    };
    try {
      const calls = await startUpload(config, file, run.signal, saved?.upload);
      const parts: PartState[] = planParts(size, partSize).map((plan) => ({
        ...plan,
        done: false,
        busy: false,
      }));
      const chunkSize = config.chunkSize ?? partSize;
      // A resumed upload's progress starts at the bytes an earlier run stored.
      const tracker = createProgressTracker(
        new Map(parts.map((part) => [part.number, part.size])),
        (loaded) => progress.loaded(loaded),
        saved && journal?.restore(parts, saved, chunkSize),
      );
      const resumedBytes = tracker.loaded;
      const save = () => journal?.save(calls, parts);
      const sender = createPartSender(
        config,
        calls,
        tracker.part,
        {
          intelligent:
            calls.intelligentAvailable && (config.intelligent === true || !!saved?.switched),
          fallback: calls.intelligentAvailable && config.intelligent === 'fallback',
          chunkSize,
        },
        createProgressClock(config.progressTimeout, save),
      );

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
                  // A stream can stall: an abort or a pause does not wait for it. The read goes
                  // on, and a resumed part picks it up, so no part is asked of a stream twice.
                  part.reading ??= source.read(part.offset, part.size);
                  part.bytes ??= await untilAborted(part.reading, round.signal);
                  part.reading = undefined;
                  body = bytesBody(part.bytes);
                }
                throwIfAborted(round.signal);
                await sender.send(part, body, round.signal);
                part.done = true;
                save();
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

      await untilAborted(source.finish(), run.signal);
      const raw = await complete(config, calls, parts, run.signal);
      const stored = toStoredFile(raw, config.hosts.cdn);
      if (typeof stored.raw.size === 'number' && stored.raw.size !== size) {
        throw new FilestackError(
          `/multipart/complete reported ${stored.raw.size} bytes but ${size} were sent`,
          { code: 'PROTOCOL' },
        );
      }
      progress.done();
      const mode = parts.some((part) => part.via) ? 'intelligent' : 'regular';
      return { ...stored, mode, resumedBytes };
    } catch (error) {
      fail(error);
      throw firstError;
    } finally {
      run.dispose();
    }
  };

  try {
    throwIfAborted(config.signal);
    file = { filename, mimetype: await chooseMimetype(config, source, filename), size };
    journal = await config.resume?.open(config, source, file, partSize);
    return await (journal ? journal.run(send) : send());
  } catch (error) {
    source.cancel();
    if (config.signal?.aborted) throw new AbortError(undefined, config.signal.reason);
    throw toFilestackError(error);
  } finally {
    await journal?.end(config.signal?.aborted);
  }
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
    ...(config.altText ? { alt: config.altText } : {}),
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
