import { rejection } from '@fs/test-kit';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  AbortError,
  DEFAULT_RETRY,
  type FilestackError,
  HttpError,
  isRetryable,
  NetworkError,
  parseRetryAfter,
  type RetryEvent,
  type RetryPolicy,
  retryDelay,
  retryPolicy,
  sleep,
  TimeoutError,
  ValidationError,
  withRetry,
} from '../src/index.js';

const exact: RetryPolicy = { ...DEFAULT_RETRY, jitter: 0 };

function httpError(status: number, headers?: Record<string, string>): HttpError {
  return new HttpError({
    status,
    method: 'GET',
    url: 'https://upload.filestackapi.com/multipart/start',
    body: undefined,
    headers: new Headers(headers),
    retryable: true,
  });
}

const asError = (error: unknown) => error as FilestackError;

describe('retryPolicy', () => {
  it('defaults to 5 tries, 500 ms doubling to 15 s, half jitter, 408/429/5xx', () => {
    expect(retryPolicy()).toEqual({
      attempts: 5,
      baseDelay: 500,
      maxDelay: 15_000,
      jitter: 0.5,
      statusCodes: [408, 429, 500, 502, 503, 504],
    });
  });

  it('reads a number as a count of retries after the first try', () => {
    expect(retryPolicy(0).attempts).toBe(1);
    expect(retryPolicy(3).attempts).toBe(4);
  });

  it('merges a partial policy over the defaults', () => {
    expect(retryPolicy({ baseDelay: 10 })).toEqual({ ...DEFAULT_RETRY, baseDelay: 10 });
  });
});

describe('retryDelay', () => {
  it('doubles from the base delay until the maximum', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7].map((attempt) => retryDelay(exact, attempt));
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 15_000, 15_000]);
  });

  it('keeps a jittered delay between (1 - jitter) x delay and the delay', () => {
    const policy = { ...DEFAULT_RETRY, jitter: 0.5 };
    expect(retryDelay(policy, 3, undefined, () => 0)).toBe(1000);
    expect(retryDelay(policy, 3, undefined, () => 0.999_999)).toBe(2000);
    for (let i = 0; i < 200; i++) {
      const delay = retryDelay(policy, 3);
      expect(delay).toBeGreaterThanOrEqual(1000);
      expect(delay).toBeLessThanOrEqual(2000);
    }
  });

  it('spreads full jitter over the whole delay and clamps jitter to 0..1', () => {
    expect(retryDelay({ ...exact, jitter: 1 }, 2, undefined, () => 0)).toBe(0);
    expect(retryDelay({ ...exact, jitter: 1 }, 2, undefined, () => 0.5)).toBe(500);
    expect(retryDelay({ ...exact, jitter: 7 }, 2, undefined, () => 0)).toBe(0);
    expect(retryDelay({ ...exact, jitter: -1 }, 2, undefined, () => 0)).toBe(1000);
  });

  it('prefers Retry-After over the backoff, capped by the maximum and never negative', () => {
    expect(retryDelay(DEFAULT_RETRY, 1, 3000, () => 0)).toBe(3000);
    expect(retryDelay(DEFAULT_RETRY, 1, 120_000)).toBe(15_000);
    expect(retryDelay(DEFAULT_RETRY, 1, -5)).toBe(0);
  });
});

describe('parseRetryAfter', () => {
  it('reads delta seconds, whole or fractional', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter(' 1.5 ')).toBe(1500);
    expect(parseRetryAfter('0')).toBe(0);
  });

  it('reads an HTTP date as the time left until then', () => {
    const now = Date.parse('Wed, 21 Oct 2026 07:28:00 GMT');
    expect(parseRetryAfter('Wed, 21 Oct 2026 07:28:09 GMT', now)).toBe(9000);
    expect(parseRetryAfter('Wed, 21 Oct 2026 07:27:00 GMT', now)).toBe(0);
  });

  it('ignores a missing or unreadable value', () => {
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter('')).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter('-3')).toBeUndefined();
    expect(parseRetryAfter('12 apples')).toBeUndefined();
  });
});

describe('isRetryable', () => {
  it('retries network errors, timeouts and the listed statuses only', () => {
    expect(isRetryable(new NetworkError('reset'), DEFAULT_RETRY, 1)).toBe(true);
    expect(isRetryable(new TimeoutError('slow'), DEFAULT_RETRY, 1)).toBe(true);
    for (const status of [408, 429, 500, 502, 503, 504]) {
      expect(isRetryable(httpError(status), DEFAULT_RETRY, 1)).toBe(true);
    }
    for (const status of [400, 401, 403, 404, 409, 501]) {
      expect(isRetryable(httpError(status), DEFAULT_RETRY, 1)).toBe(false);
    }
    expect(isRetryable(new AbortError(), DEFAULT_RETRY, 1)).toBe(false);
    expect(
      isRetryable(
        new ValidationError({ option: 'x', received: 1, allowed: '2' }),
        DEFAULT_RETRY,
        1,
      ),
    ).toBe(false);
  });

  it('stops at the last attempt', () => {
    expect(isRetryable(new NetworkError('reset'), DEFAULT_RETRY, 4)).toBe(true);
    expect(isRetryable(new NetworkError('reset'), DEFAULT_RETRY, 5)).toBe(false);
  });

  it('lets shouldRetry veto a retry', () => {
    const policy = {
      ...DEFAULT_RETRY,
      shouldRetry: (_: FilestackError, attempt: number) => attempt < 2,
    };
    expect(isRetryable(httpError(503), policy, 1)).toBe(true);
    expect(isRetryable(httpError(503), policy, 2)).toBe(false);
  });
});

describe('withRetry', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(Date.parse('2026-01-01T00:00:00Z'));
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** Runs withRetry with an attempt that throws `failures` in order, then answers 'ok'. */
  function run(
    failures: unknown[],
    policy: RetryPolicy,
    options: { signal?: AbortSignal; onRetry?: (event: RetryEvent) => void } = {},
  ) {
    const startedAt: number[] = [];
    const promise = withRetry(
      async (tryNumber) => {
        startedAt.push(Date.now());
        expect(tryNumber).toBe(startedAt.length);
        const failure = failures[startedAt.length - 1];
        if (failure) throw failure;
        return 'ok';
      },
      { policy, toError: asError, ...options },
    );
    return { promise, startedAt };
  }

  it('waits 500, 1000, 2000 ms between tries and reports each retry', async () => {
    const events: RetryEvent[] = [];
    const failures = [new NetworkError('a'), httpError(503), new TimeoutError('c')];
    const { promise, startedAt } = run(failures, exact, { onRetry: (e) => events.push(e) });
    await vi.runAllTimersAsync();
    await expect(promise).resolves.toBe('ok');
    const t0 = startedAt[0]!;
    expect(startedAt.map((t) => t - t0)).toEqual([0, 500, 1500, 3500]);
    expect(events).toEqual([
      { attempt: 1, delay: 500, error: failures[0] },
      { attempt: 2, delay: 1000, error: failures[1] },
      { attempt: 3, delay: 2000, error: failures[2] },
    ]);
  });

  it('waits no less than the jittered lower bound and no more than the delay', async () => {
    const policy = { ...DEFAULT_RETRY, jitter: 0.5 };
    const events: RetryEvent[] = [];
    const failures = [new NetworkError('a'), new NetworkError('b'), new NetworkError('c')];
    const { promise, startedAt } = run(failures, policy, { onRetry: (e) => events.push(e) });
    await vi.runAllTimersAsync();
    await promise;
    events.forEach((event, i) => {
      const full = 500 * 2 ** i;
      expect(event.delay).toBeGreaterThanOrEqual(full / 2);
      expect(event.delay).toBeLessThanOrEqual(full);
      expect(startedAt[i + 1]! - startedAt[i]!).toBe(event.delay);
    });
  });

  it('gives up after the last attempt with the last error', async () => {
    const failures = [1, 2, 3].map((n) => new NetworkError(`fail ${n}`));
    const { promise, startedAt } = run(failures, { ...exact, attempts: 3 });
    const failed = rejection(promise, NetworkError);
    await vi.runAllTimersAsync();
    expect(await failed).toBe(failures[2]);
    expect(startedAt).toHaveLength(3);
  });

  it('never retries an error that is not retryable', async () => {
    const onRetry = vi.fn();
    const failure = httpError(404);
    const { promise, startedAt } = run([failure], exact, { onRetry });
    const failed = rejection(promise, HttpError);
    await vi.runAllTimersAsync();
    expect(await failed).toBe(failure);
    expect(startedAt).toHaveLength(1);
    expect(onRetry).not.toHaveBeenCalled();
  });

  it('honours Retry-After in seconds', async () => {
    const events: RetryEvent[] = [];
    const { promise, startedAt } = run([httpError(429, { 'retry-after': '7' })], exact, {
      onRetry: (e) => events.push(e),
    });
    await vi.runAllTimersAsync();
    await promise;
    expect(events[0]?.delay).toBe(7000);
    expect(startedAt[1]! - startedAt[0]!).toBe(7000);
  });

  it('honours Retry-After as an HTTP date', async () => {
    const at = new Date(Date.now() + 4000).toUTCString();
    const { promise, startedAt } = run([httpError(503, { 'retry-after': at })], exact);
    await vi.runAllTimersAsync();
    await promise;
    expect(startedAt[1]! - startedAt[0]!).toBe(4000);
  });

  it('caps Retry-After at the maximum delay', async () => {
    const { promise, startedAt } = run([httpError(503, { 'retry-after': '3600' })], {
      ...exact,
      maxDelay: 2500,
    });
    await vi.runAllTimersAsync();
    await promise;
    expect(startedAt[1]! - startedAt[0]!).toBe(2500);
  });

  it('rejects at once with an AbortError when aborted during the backoff', async () => {
    const controller = new AbortController();
    const { promise, startedAt } = run(
      [httpError(503)],
      { ...exact, baseDelay: 60_000 },
      {
        signal: controller.signal,
        onRetry: () => queueMicrotask(() => controller.abort()),
      },
    );
    // No timer is advanced: the rejection must not wait for the 60 s backoff.
    await rejection(promise, AbortError);
    expect(startedAt).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('does not start when the signal has already fired', async () => {
    const controller = new AbortController();
    controller.abort();
    const { promise, startedAt } = run([], exact, { signal: controller.signal });
    await rejection(promise, AbortError);
    expect(startedAt).toHaveLength(0);
  });

  it('does not retry when the signal fired during the failed try', async () => {
    const controller = new AbortController();
    const failure = new NetworkError('reset');
    const promise = withRetry(
      async () => {
        controller.abort();
        throw failure;
      },
      { policy: exact, signal: controller.signal, toError: asError },
    );
    expect(await rejection(promise, Error)).toBe(failure);
  });
});

describe('sleep', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('resolves after the delay', async () => {
    let done = false;
    const promise = sleep(1000).then(() => {
      done = true;
    });
    await vi.advanceTimersByTimeAsync(999);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await promise;
    expect(done).toBe(true);
  });

  it('rejects with an AbortError carrying the reason, and clears its timer', async () => {
    const controller = new AbortController();
    const promise = sleep(10_000, controller.signal);
    controller.abort('user left');
    const error = await rejection(promise, AbortError);
    expect((error as AbortError).cause).toBe('user left');
    expect(vi.getTimerCount()).toBe(0);
  });
});
