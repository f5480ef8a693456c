import { AbortError, type FilestackError, HttpError } from './errors.js';

/**
 * When and how often a failed request is tried again. Plain data, so it can be logged,
 * compared and tested with fake timers; `shouldRetry` is the escape hatch.
 */
export interface RetryPolicy {
  /** Total tries, the first included. `1` turns retries off. */
  attempts: number;
  /** Delay before the first retry in ms; it doubles on every further retry. */
  baseDelay: number;
  /** Upper bound of any single delay in ms, `Retry-After` included. */
  maxDelay: number;
  /**
   * Share of each delay that is randomised, from 0 (exact delays) to 1 ("full jitter":
   * anywhere between 0 and the delay). Spreads retries of many clients apart.
   */
  jitter: number;
  /** HTTP statuses that are worth another try. Network errors and timeouts always are. */
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

/** What `onRetry` hears before each new try. */
export interface RetryEvent {
  /** The try that failed, 1-based. The next one is `attempt + 1`. */
  attempt: number;
  /** Milliseconds waited before the next try. */
  delay: number;
  error: FilestackError;
}

export type RetryListener = (event: RetryEvent) => void;

/** Merges a partial policy over the defaults and checks it. */
export function retryPolicy(overrides: Partial<RetryPolicy> | number = {}): RetryPolicy {
  const given = typeof overrides === 'number' ? { attempts: overrides + 1 } : overrides;
  return { ...DEFAULT_RETRY, ...given };
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

/** Whether `error` after try `attempt` earns another try under `policy`. */
export function isRetryable(error: FilestackError, policy: RetryPolicy, attempt: number): boolean {
  if (attempt >= policy.attempts) return false;
  const byRule =
    error instanceof HttpError ? policy.statusCodes.includes(error.status) : error.retryable;
  return byRule && (policy.shouldRetry?.(error, attempt) ?? true);
}

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
      const retryAfter =
        error instanceof HttpError ? parseRetryAfter(error.headers?.get('retry-after')) : undefined;
      const delay = retryDelay(policy, tryNumber, retryAfter);
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
