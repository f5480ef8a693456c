import type { UploadProgress } from './options.js';

/**
 * Byte progress of one upload. Each part counts the most bytes any of its attempts got out,
 * so a retried part does not make the total go back, and the total never passes the size.
 */
export interface ProgressTracker {
  /** `sent` bytes of part `part` have left (in the current attempt). */
  part(part: number, sent: number): void;
  /** Bytes counted so far. */
  readonly loaded: number;
}

export function createProgressTracker(
  partSizes: ReadonlyMap<number, number>,
  onLoaded: (loaded: number) => void,
  /** Bytes of each part stored before this run (a resumed upload), reported as one first event. */
  stored?: ReadonlyMap<number, number>,
): ProgressTracker {
  const counted = new Map(stored);
  let loaded = 0;
  for (const bytes of counted.values()) loaded += bytes;
  if (loaded) onLoaded(loaded);
  return {
    part(part, sent) {
      const before = counted.get(part) ?? 0;
      const now = Math.min(sent, partSizes.get(part) ?? 0);
      if (now <= before) return;
      counted.set(part, now);
      loaded += now - before;
      onLoaded(loaded);
    },
    get loaded() {
      return loaded;
    },
  };
}

/**
 * Turns a growing byte count into `UploadProgress` events: percent is whole, never decreases,
 * holds at 99 until `done()` reports 100 exactly once.
 */
export function createProgressReporter(
  total: number,
  listener: ((progress: UploadProgress) => void) | undefined,
): { loaded(loaded: number): void; done(): void } {
  let last = -1;
  let finished = false;
  return {
    loaded(loaded) {
      if (!listener || finished || loaded <= last) return;
      last = loaded;
      report(listener, {
        loaded,
        total,
        percent: total > 0 ? Math.min(99, Math.floor((loaded * 100) / total)) : 0,
      });
    },
    done() {
      if (finished) return;
      finished = true;
      if (listener) report(listener, { loaded: total, total, percent: 100 });
    },
  };
}

// A throwing listener must not break the upload (it runs inside socket callbacks).
function report(listener: (progress: UploadProgress) => void, progress: UploadProgress): void {
  try {
    listener(progress);
  } catch {
    // ignored, as documented on `onProgress`
  }
}
