import { AbortError, FilestackError, optionalNumber, sleep, TimeoutError } from '@fs/core';

/** How `wait()` polls. Every field is optional; the defaults are in {@link DEFAULT_POLL}. */
export interface PollTiming {
  /**
   * Milliseconds between the first and the second status request.
   * @default 1000
   */
  interval?: number;
  /**
   * Each wait is the previous one times this (1: a fixed interval).
   * @default 1.5
   */
  backoff?: number;
  /**
   * The longest wait between two requests, in milliseconds.
   * @default 30000
   */
  maxInterval?: number;
  /**
   * Milliseconds after which `wait()` gives up with a `TimeoutError`, counted from the call;
   * `Infinity` waits as long as it takes.
   * @default 1800000 (30 minutes)
   */
  timeout?: number;
}

/** 1 s, then 1.5 s, 2.25 s, ... up to 30 s between requests, for at most 30 minutes. */
export const DEFAULT_POLL: Readonly<Required<PollTiming>> = /* @__PURE__ */ Object.freeze({
  interval: 1_000,
  backoff: 1.5,
  maxInterval: 30_000,
  timeout: 30 * 60_000,
});

/**
 * Failed status requests in a row that `wait()` rides out when each failure is retryable
 * (network, 408, 429, 5xx): the next poll asks again. One more rejects with that error.
 */
export const TOLERATED_FAILURES = 3;

/** The timing with defaults filled in (for what is absent or `undefined`), checked before any request. */
export function pollTiming(given: PollTiming = {}): Required<PollTiming> {
  const ms = 'a number of milliseconds greater than 0';
  const number = (option: keyof PollTiming, min: number, allowed = ms) =>
    optionalNumber(
      `wait.${option}`,
      given[option] ?? DEFAULT_POLL[option],
      min,
      Number.POSITIVE_INFINITY,
      false,
      allowed,
    ) as number;
  return {
    interval: number('interval', Number.MIN_VALUE),
    backoff: number('backoff', 1, 'a number >= 1 (1 polls at a fixed interval)'),
    maxInterval: number('maxInterval', Number.MIN_VALUE),
    timeout: number('timeout', Number.MIN_VALUE, `${ms}, or Infinity`),
  };
}

/**
 * Asks `check` until `done` says yes: first at once, then after `interval`, growing by
 * `backoff` up to `maxInterval`. Resolves with the last answer. Rejects with a `TimeoutError`
 * when `timeout` passes, an `AbortError` when `signal` fires (a request under way is cancelled
 * in both cases), or the error of `check` when it is not retryable or fails too often in a row.
 * No fetch in here: time is `setTimeout`, so the loop runs under fake timers.
 */
export async function poll<T>(
  check: (signal: AbortSignal) => Promise<T>,
  done: (answer: T) => boolean,
  timing: Required<PollTiming>,
  signal: AbortSignal | undefined,
  describe: () => string,
): Promise<T> {
  const controller = new AbortController();
  let timedOut = false;
  const onAbort = () => controller.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  // setTimeout keeps its delay in a 32-bit integer: a longer timeout would fire at once.
  const timer =
    timing.timeout < 2 ** 31
      ? setTimeout(() => {
          timedOut = true;
          controller.abort();
        }, timing.timeout)
      : undefined;
  try {
    if (signal?.aborted) throw new AbortError(undefined, signal.reason);
    let wait = timing.interval;
    for (let failures = 0; ; ) {
      try {
        const answer = await check(controller.signal);
        failures = 0;
        if (done(answer)) return answer;
      } catch (error) {
        const retryable = error instanceof FilestackError && error.retryable;
        if (controller.signal.aborted || !retryable || ++failures > TOLERATED_FAILURES) throw error;
      }
      await sleep(Math.min(wait, timing.maxInterval), controller.signal);
      wait *= timing.backoff;
    }
  } catch (error) {
    if (timedOut) {
      throw new TimeoutError(`${describe()} did not finish within ${timing.timeout} ms`, error);
    }
    if (signal?.aborted) throw new AbortError(undefined, signal.reason);
    throw error;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}
