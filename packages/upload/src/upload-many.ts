import { type FilestackError, ValidationError } from '@fs/core';
import type { UploadInput } from './input.js';
import { createLimiter } from './limiter.js';
import {
  resolveUploadOptions,
  type UploadOptions,
  type UploadProgress,
  type UploadRuntime,
  type UploadStoreOptions,
} from './options.js';
import { createProgressReporter } from './progress.js';
import { prepareUpload, startPrepared, type UploadedFile } from './upload-session.js';

/** One file of a batch with its own settings. */
export interface UploadManyItem {
  input: UploadInput;
  /** The byte length, for a stream. */
  size?: number;
  /** Merged over the batch's `store` (e.g. a `filename` per file). */
  store?: UploadStoreOptions;
  /** Replace the batch's tags for this file. */
  tags?: Record<string, string>;
}

/** The outcome of one file of a batch: one failure never hides the others. */
export type UploadResult = { ok: true; file: UploadedFile } | { ok: false; error: FilestackError };

/** Options of `uploadMany`: those of `upload`, plus what a batch reports per file. */
export interface UploadManyOptions extends UploadOptions {
  /**
   * Each file's own progress, with the index of its input: the same events as `onProgress` of a
   * single upload (100 exactly once, after the service confirmed that file; never for a file
   * that fails). `onProgress` still reports the whole batch. Errors it throws are ignored.
   */
  onFileProgress?: (index: number, progress: UploadProgress) => void;
  /**
   * Called once per file as soon as it settles, with the index of its input and its result,
   * so a caller can report each file without waiting for the batch. Errors it throws are ignored.
   */
  onFileSettled?: (index: number, result: UploadResult) => void;
}

/** Uploads a batch; see `uploadMany` in the entry points. */
export async function uploadManyWith(
  runtime: UploadRuntime,
  inputs: ReadonlyArray<UploadInput | UploadManyItem>,
  options: UploadManyOptions,
): Promise<UploadResult[]> {
  if (!Array.isArray(inputs)) {
    throw new ValidationError({
      option: 'inputs',
      received: inputs,
      allowed: 'an array of inputs or { input, size?, store?, tags? } items',
    });
  }
  // Shared options are checked once; a mistake there concerns every file, so the call rejects.
  const { onProgress, onFileProgress, onFileSettled, ...shared } =
    options ?? ({} as UploadManyOptions);
  for (const [name, value] of Object.entries({ onFileProgress, onFileSettled })) {
    if (value !== undefined && typeof value !== 'function') {
      throw new ValidationError({ option: name, received: value, allowed: 'a function' });
    }
  }
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
  const settle = (index: number, result: UploadResult) => {
    results[index] = result;
    try {
      onFileSettled?.(index, result);
    } catch {
      // ignored, as documented on `onFileSettled`
    }
  };
  let next = 0;
  // Files start `concurrency` at a time; their parts share one budget of `concurrency` slots.
  const lane = async () => {
    for (let index = next++; index < prepared.length; index = next++) {
      const entry = prepared[index]!;
      const progress = batch.file(
        index,
        onFileProgress && ((event: UploadProgress) => onFileProgress(index, event)),
      );
      if (entry instanceof Error) {
        progress.failed();
        settle(index, { ok: false, error: entry });
        continue;
      }
      try {
        const handle = startPrepared(entry.config, entry.source, { limiter, progress });
        const file = await handle.done;
        settle(index, { ok: true, file });
      } catch (error) {
        progress.failed();
        settle(index, { ok: false, error: error as FilestackError });
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

/** One file's progress inside a batch: `done` when it is stored, `failed` when it is not. */
interface FileProgress {
  loaded(loaded: number): void;
  done(): void;
  failed(): void;
}

/**
 * Sums the files' byte progress. A file that fails counts as finished, so the batch reaches
 * 100 (once) when every file has settled; each file's result says how it ended. A file's own
 * listener sees only its bytes, and 100 only when it was stored.
 */
function createBatchProgress(
  sizes: number[],
  listener: UploadOptions['onProgress'],
): { file(index: number, own: UploadOptions['onProgress']): FileProgress } {
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
    file(index, own) {
      const mine = createProgressReporter(sizes[index]!, own);
      let finished = false;
      const finish = () => {
        if (finished) return false;
        finished = true;
        set(index, sizes[index]!);
        if (--open === 0) reporter.done();
        return true;
      };
      return {
        loaded(bytes) {
          if (finished || bytes <= counted[index]!) return;
          set(index, bytes);
          mine.loaded(bytes);
        },
        done() {
          if (finish()) mine.done();
        },
        failed() {
          finish();
        },
      };
    },
  };
}
