import { AbortError, type FilestackError, HttpError, ValidationError } from './errors.js';
import {
  MAX_TIMER_MS,
  optionalFunction,
  optionalInteger,
  optionalNumber,
} from './option-checks.js';

/**
 * When and how often a failed request is tried again. Plain data, so it can be logged,
 * compared and tested with fake timers; `shouldRetry` is the escape hatch.
 */
export interface RetryPolicy {
  /**
   * Total tries, the first included: an integer from 1 (no retries) to 100.
   * @default 5
   */
  attempts: number;
  /**
   * Delay before the first retry in ms; it doubles on every further retry.
   * @default 500
   */
  baseDelay: number;
  /**
   * Upper bound of any single delay in ms, `Retry-After` included: a longer `Retry-After` is
   * waited out for this long, then the request is tried again.
   * @default 15000
   */
  maxDelay: number;
  /**
   * Share of each delay that is randomised, from 0 (exact delays) to 1 ("full jitter":
   * anywhere between 0 and the delay). Spreads retries of many clients apart.
   * @default 0.5
   * @example
   * // 0.25: each delay lands between 75% and 100% of the computed backoff
   * createHttp({ retry: { jitter: 0.25 } });
   */
  jitter: number;
  /**
   * HTTP statuses that are worth another try. Network errors and timeouts always are.
   * @default [408, 429, 500, 502, 503, 504]
   */
  statusCodes: readonly number[];
  /** Final say over whether `error` is retried, after the rules above said yes. */
  shouldRetry?: (error: FilestackError, attempt: number) => boolean;
}

/** 5 tries, 500 ms doubling to 15 s, half jitter: about 7.5 s of patience before giving up. */
// Marked pure so bundlers drop it from bundles that never read it (budgets in bench/).
export const DEFAULT_RETRY: Readonly<RetryPolicy> = /* @__PURE__ */ Object.freeze({
  attempts: 5,
  baseDelay: 500,
  maxDelay: 15_000,
  jitter: 0.5,
  statusCodes: /* @__PURE__ */ Object.freeze([408, 429, 500, 502, 503, 504]),
});

/** More tries than this is a loop, not a retry policy. */
const MAX_ATTEMPTS = 100;

/** What `onRetry` hears before each new try. */
export interface RetryEvent {
  /** The try that failed, 1-based. The next one is `attempt + 1`. */
  attempt: number;
  /** Milliseconds waited before the next try. */
  delay: number;
  error: FilestackError;
}

/** Called before each retry, with the attempt that failed, the wait and the error. */
export type RetryListener = (event: RetryEvent) => void;

/**
 * Merges a partial policy (or a number of retries) over the defaults and checks it: a
 * ValidationError names the first field that is not finite, negative, out of range or of the
 * wrong type, so that no policy can retry forever or without waiting.
 */
export function retryPolicy(overrides: Partial<RetryPolicy> | number = {}): RetryPolicy {
  const given: Partial<RetryPolicy> =
    typeof overrides === 'number'
      ? { attempts: (optionalInteger('retry', overrides, 0, MAX_ATTEMPTS - 1) as number) + 1 }
      : overrides;
  if (given === null || typeof given !== 'object' || Array.isArray(given)) {
    throw new ValidationError({
      option: 'retry',
      received: given,
      allowed: 'a number of retries, or a retry policy such as { attempts: 3 }',
    });
  }
  const policy = { ...DEFAULT_RETRY } as Record<string, unknown>;
  for (const [key, value] of Object.entries(given)) if (value !== undefined) policy[key] = value;
  for (const [key, min, max] of [
    ['attempts', 1, MAX_ATTEMPTS],
    ['baseDelay', 0, MAX_TIMER_MS],
    ['maxDelay', 0, MAX_TIMER_MS],
    ['jitter', 0, 1],
  ] as const) {
    optionalNumber(`retry.${key}`, policy[key], min, max, key === 'attempts');
  }
  optionalFunction('retry.shouldRetry', policy.shouldRetry);
  const codes = policy.statusCodes;
  if (!Array.isArray(codes) || !codes.every(Number.isInteger)) {
    throw new ValidationError({
      option: 'retry.statusCodes',
      received: codes,
      allowed: 'a list of HTTP statuses, e.g. [429, 503]',
    });
  }
  return policy as unknown as RetryPolicy;
}

/**
 * Milliseconds to wait after try number `attempt` (1-based) failed. A server's
 * `Retry-After` wins over the computed backoff but is still capped by `maxDelay`.
 */
export function retryDelay(
  policy: RetryPolicy,
  attempt: number,
  retryAfterMs?: number,
  random: () => number = Math.random,
): number {
  if (retryAfterMs !== undefined) return Math.min(Math.max(0, retryAfterMs), policy.maxDelay);
  const exact = Math.min(policy.baseDelay * 2 ** (attempt - 1), policy.maxDelay);
  const jitter = Math.min(Math.max(policy.jitter, 0), 1);
  return Math.round(exact * (1 - jitter) + exact * jitter * random());
}

/** Parses `Retry-After` (delta seconds or an HTTP date) into milliseconds from `now`. */
export function parseRetryAfter(
  value: string | null | undefined,
  now = Date.now(),
): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  // Every HTTP-date form starts with a day name (RFC 9110 5.6.7). `Date.parse` alone would
  // read "-3" or "12abc" as dates and turn a malformed header into "retry now".
  if (!/^[A-Za-z]{3}/.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Milliseconds of an HTTP error's `Retry-After`, when it has one. */
export function retryAfterOf(error: unknown): number | undefined {
  return HttpError.isInstance(error)
    ? parseRetryAfter(error.headers?.get('retry-after'))
    : undefined;
}

/** Whether `error` after try `attempt` earns another try under `policy`. */
export function isRetryable(error: FilestackError, policy: RetryPolicy, attempt: number): boolean {
  if (attempt >= policy.attempts) return false;
  const byRule = HttpError.isInstance(error)
    ? policy.statusCodes.includes(error.status)
    : error.retryable;
  return byRule && (policy.shouldRetry?.(error, attempt) ?? true);
}

/** How {@link withRetry} runs: the policy, a signal that stops it, a retry listener. */
export interface RetryRunOptions {
  policy: RetryPolicy;
  signal?: AbortSignal;
  onRetry?: RetryListener;
  /** Maps anything thrown into a FilestackError (so retryability can be judged). */
  toError: (error: unknown) => FilestackError;
}

/**
 * Runs `attempt` until it succeeds, fails for good, or `signal` aborts. Used for API calls and
 * for part PUTs alike, so every step of an upload follows the same policy.
 */
export async function withRetry<T>(
  attempt: (tryNumber: number) => Promise<T>,
  options: RetryRunOptions,
): Promise<T> {
  const { policy, signal, onRetry, toError } = options;
  for (let tryNumber = 1; ; tryNumber++) {
    throwIfAborted(signal);
    try {
      return await attempt(tryNumber);
    } catch (thrown) {
      const error = toError(thrown);
      if (signal?.aborted || !isRetryable(error, policy, tryNumber)) throw error;
      const delay = retryDelay(policy, tryNumber, retryAfterOf(error));
      onRetry?.({ attempt: tryNumber, delay, error });
      await sleep(delay, signal);
    }
  }
}

/** Throws an AbortError when `signal` has fired. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AbortError(undefined, signal.reason);
}

/** Waits `ms`, rejecting with an AbortError as soon as `signal` fires. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new AbortError(undefined, signal.reason));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(new AbortError(undefined, signal?.reason));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
