import { type FilestackError, type StoreOptions, ValidationError } from '@fs/core';
import type { UploadInput } from './input.js';
import { createLimiter } from './limiter.js';
import { resolveUploadOptions, type UploadOptions, type UploadRuntime } from './options.js';
import { createProgressReporter } from './progress.js';
import { prepareUpload, startPrepared, type UploadedFile } from './upload-session.js';

/** One file of a batch with its own settings. */
export interface UploadManyItem {
  input: UploadInput;
  /** The byte length, for a stream. */
  size?: number;
  /** Merged over the batch's `store` (e.g. a `filename` per file). */
  store?: StoreOptions;
  /** Replace the batch's tags for this file. */
  tags?: Record<string, string>;
}

/** The outcome of one file of a batch: one failure never hides the others. */
export type UploadResult = { ok: true; file: UploadedFile } | { ok: false; error: FilestackError };

/** Uploads a batch; see `uploadMany` in the entry points. */
export async function uploadManyWith(
  runtime: UploadRuntime,
  inputs: ReadonlyArray<UploadInput | UploadManyItem>,
  options: UploadOptions,
): Promise<UploadResult[]> {
  if (!Array.isArray(inputs)) {
    throw new ValidationError({
      option: 'inputs',
      received: inputs,
      allowed: 'an array of inputs or { input, size?, store?, tags? } items',
    });
  }
  // Shared options are checked once; a mistake there concerns every file, so the call rejects.
  const { onProgress, ...shared } = options ?? ({} as UploadOptions);
  const base = resolveUploadOptions(shared, runtime);
  const prepared = inputs.map((entry) => {
    const item: UploadManyItem = isItem(entry) ? entry : { input: entry };
    try {
      return prepareUpload(
        item.input,
        {
          ...shared,
          size: item.size,
          store: item.store ? { ...shared.store, ...item.store } : shared.store,
          tags: item.tags ?? shared.tags,
        },
        runtime,
      );
    } catch (error) {
      return error as FilestackError;
    }
  });
  const sizes = prepared.map((p) => (p instanceof Error ? 0 : p.source.size));
  const batch = createBatchProgress(sizes, onProgress);
  const limiter = createLimiter(base.concurrency);
  const results: UploadResult[] = new Array(prepared.length);
  let next = 0;
  // Files start `concurrency` at a time; their parts share one budget of `concurrency` slots.
  const lane = async () => {
    for (let index = next++; index < prepared.length; index = next++) {
      const entry = prepared[index]!;
      const progress = batch.file(index);
      if (entry instanceof Error) {
        results[index] = { ok: false, error: entry };
        progress.done();
        continue;
      }
      try {
        const handle = startPrepared(entry.config, entry.source, { limiter, progress });
        results[index] = { ok: true, file: await handle.done };
      } catch (error) {
        results[index] = { ok: false, error: error as FilestackError };
        progress.done();
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(base.concurrency, prepared.length) }, lane));
  return results;
}

function isItem(entry: unknown): entry is UploadManyItem {
  if (entry === null || typeof entry !== 'object' || !('input' in entry)) return false;
  const proto = Object.getPrototypeOf(entry);
  return proto === Object.prototype || proto === null;
}

/**
 * Sums the files' byte progress. A file that fails counts as finished, so the batch reaches
 * 100 (once) when every file has settled; each file's result says how it ended.
 */
function createBatchProgress(
  sizes: number[],
  listener: UploadOptions['onProgress'],
): { file(index: number): { loaded(loaded: number): void; done(): void } } {
  const total = sizes.reduce((sum, size) => sum + size, 0);
  const reporter = createProgressReporter(total, listener);
  const counted = sizes.map(() => 0);
  let loaded = 0;
  let open = sizes.length;
  const set = (index: number, bytes: number) => {
    loaded += bytes - counted[index]!;
    counted[index] = bytes;
    reporter.loaded(loaded);
  };
  return {
    file(index) {
      let finished = false;
      return {
        loaded(bytes) {
          if (!finished && bytes > counted[index]!) set(index, bytes);
        },
        done() {
          if (finished) return;
          finished = true;
          set(index, sizes[index]!);
          if (--open === 0) reporter.done();
        },
      };
    },
  };
}
