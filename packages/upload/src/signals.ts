import { AbortError } from '@fs/core';

/**
 * A signal that aborts when any of `signals` does, with that signal's reason, and a `dispose`
 * that unhooks it (so long uploads do not pile up listeners). `AbortSignal.any` would do, but
 * Safari before 17.4 lacks it.
 */
export function anySignal(signals: ReadonlyArray<AbortSignal | undefined>): {
  signal: AbortSignal;
  dispose(): void;
} {
  const controller = new AbortController();
  const present = signals.filter((s): s is AbortSignal => s !== undefined);
  const onAbort = (event: Event) => {
    controller.abort((event.target as AbortSignal).reason);
    dispose();
  };
  const dispose = () => {
    for (const signal of present) signal.removeEventListener('abort', onAbort);
  };
  for (const signal of present) {
    if (signal.aborted) {
      controller.abort(signal.reason);
      dispose();
      break;
    }
    signal.addEventListener('abort', onAbort);
  }
  return { signal: controller.signal, dispose };
}

/**
 * `promise`, or an AbortError as soon as `signal` fires: for work that cannot be stopped (a
 * read of a stream that stalled), so that an abort settles at once. The work goes on unawaited;
 * its own failure after the abort is ignored.
 */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  promise.catch(() => {});
  if (signal.aborted) return Promise.reject(new AbortError(undefined, signal.reason));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new AbortError(undefined, signal.reason));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
