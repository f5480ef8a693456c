import { AbortError } from '@fs/core';

/**
 * A budget of connections shared by every part of one upload, or of every upload in an
 * `uploadMany` batch. Slots are handed out first come, first served.
 */
export interface Limiter {
  /** Resolves with a release function once a slot is free; rejects when `signal` aborts first. */
  acquire(signal?: AbortSignal): Promise<() => void>;
}

export function createLimiter(slots: number): Limiter {
  let free = slots;
  const waiting: Array<() => void> = [];
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else free++;
  };
  const once = () => {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      release();
    };
  };
  return {
    acquire(signal) {
      if (signal?.aborted) return Promise.reject(new AbortError(undefined, signal.reason));
      if (free > 0) {
        free--;
        return Promise.resolve(once());
      }
      return new Promise((resolve, reject) => {
        const grant = () => {
          signal?.removeEventListener('abort', onAbort);
          resolve(once());
        };
        const onAbort = () => {
          const at = waiting.indexOf(grant);
          if (at !== -1) waiting.splice(at, 1);
          reject(new AbortError(undefined, signal?.reason));
        };
        waiting.push(grant);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
  };
}
