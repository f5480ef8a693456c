import { AbortError, HttpError, NetworkError, TimeoutError, ValidationError } from '@fs/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_POLL, poll, pollTiming, TOLERATED_FAILURES } from '../src/poll.js';

/*
 * The poll loop alone: no fetch, no server, only timers, so fake timers can check every delay
 * to the millisecond.
 */

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** A check that answers `answers` in turn (an Error is thrown) and records when it was asked. */
function scripted(answers: (string | Error)[]) {
  const start = Date.now();
  const calls: number[] = [];
  const signals: AbortSignal[] = [];
  const check = async (signal: AbortSignal) => {
    calls.push(Date.now() - start);
    signals.push(signal);
    const next = answers[Math.min(calls.length - 1, answers.length - 1)]!;
    if (next instanceof Error) throw next;
    return next;
  };
  return { check, calls, signals };
}

const isDone = (status: string) => status === 'completed' || status === 'failed';
const label = () => 'Conversion abc';

describe('poll', () => {
  it('asks at once, then after interval, growing by backoff up to maxInterval', async () => {
    const { check, calls } = scripted([...Array(7).fill('started'), 'completed']);
    const timing = pollTiming({ interval: 1000, backoff: 2, maxInterval: 5000 });
    const done = poll(check, isDone, timing, undefined, label);
    await vi.advanceTimersByTimeAsync(60_000);
    await expect(done).resolves.toBe('completed');
    const gaps = calls.slice(1).map((at, i) => at - calls[i]!);
    expect(calls[0]).toBe(0);
    expect(gaps).toEqual([1000, 2000, 4000, 5000, 5000, 5000, 5000]);
  });

  it('waits 1 s, 1.5 s, 2.25 s, ... by default', async () => {
    const { check, calls } = scripted(['pending', 'started', 'started', 'started', 'completed']);
    const done = poll(check, isDone, pollTiming(), undefined, label);
    await vi.advanceTimersByTimeAsync(10_000);
    await done;
    expect(calls).toEqual([0, 1000, 2500, 4750, 8125]);
    expect(DEFAULT_POLL).toEqual({
      interval: 1000,
      backoff: 1.5,
      maxInterval: 30_000,
      timeout: 1_800_000,
    });
  });

  it('polls at a fixed interval with backoff 1', async () => {
    const { check, calls } = scripted(['pending', 'pending', 'pending', 'failed']);
    const done = poll(check, isDone, pollTiming({ interval: 250, backoff: 1 }), undefined, label);
    await vi.advanceTimersByTimeAsync(1000);
    await expect(done).resolves.toBe('failed');
    expect(calls).toEqual([0, 250, 500, 750]);
  });

  it('rejects with a TimeoutError when the timeout passes, cancelling the wait', async () => {
    const { check, calls } = scripted(['started']);
    const timing = pollTiming({ interval: 1000, backoff: 1, timeout: 3500 });
    const done = poll(check, isDone, timing, undefined, label);
    const outcome = done.catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(3499);
    expect(calls).toEqual([0, 1000, 2000, 3000]);
    await vi.advanceTimersByTimeAsync(1);
    const error = await outcome;
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).message).toBe('Conversion abc did not finish within 3500 ms');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('aborts the request under way when the timeout passes during it', async () => {
    let seen: AbortSignal | undefined;
    const check = (signal: AbortSignal) =>
      new Promise<string>((_resolve, reject) => {
        seen = signal;
        signal.addEventListener('abort', () => reject(new AbortError()));
      });
    const done = poll(check, isDone, pollTiming({ timeout: 500 }), undefined, label);
    const outcome = done.catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(500);
    expect(seen?.aborted).toBe(true);
    expect(await outcome).toBeInstanceOf(TimeoutError);
  });

  it('rejects with an AbortError when the signal fires while waiting, and sends no more', async () => {
    const { check, calls } = scripted(['started']);
    const controller = new AbortController();
    const done = poll(check, isDone, pollTiming({ interval: 1000 }), controller.signal, label);
    const outcome = done.catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(1200);
    controller.abort(new Error('user left'));
    const error = await outcome;
    expect(error).toBeInstanceOf(AbortError);
    expect((error as AbortError).cause).toEqual(new Error('user left'));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls).toEqual([0, 1000]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects at once for a signal that already fired, without asking', async () => {
    const { check, calls } = scripted(['completed']);
    const signal = AbortSignal.abort();
    await expect(poll(check, isDone, pollTiming(), signal, label)).rejects.toBeInstanceOf(
      AbortError,
    );
    expect(calls).toEqual([]);
  });

  it(`rides out ${TOLERATED_FAILURES} retryable failures in a row, not one more`, async () => {
    const flaky = new NetworkError('socket hang up');
    const busy = new HttpError({ status: 503, method: 'GET', url: 'u', body: '', retryable: true });
    const ok = scripted(['pending', flaky, busy, flaky, 'started', flaky, 'completed']);
    const done = poll(ok.check, isDone, pollTiming({ interval: 10, backoff: 1 }), undefined, label);
    await vi.advanceTimersByTimeAsync(1000);
    await expect(done).resolves.toBe('completed');
    expect(ok.calls).toHaveLength(7);

    const down = scripted(['pending', flaky, flaky, flaky, busy, 'completed']);
    const failed = poll(down.check, isDone, pollTiming({ interval: 10 }), undefined, label);
    const outcome = failed.catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(1000);
    expect(await outcome).toBe(busy);
    expect(down.calls).toHaveLength(5);
  });

  it('rejects at once on an error that is not retryable', async () => {
    const forbidden = new HttpError({
      status: 403,
      method: 'GET',
      url: 'u',
      body: '',
      retryable: false,
    });
    const { check, calls } = scripted(['pending', forbidden, 'completed']);
    const done = poll(check, isDone, pollTiming({ interval: 10 }), undefined, label);
    const outcome = done.catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(1000);
    expect(await outcome).toBe(forbidden);
    expect(calls).toHaveLength(2);
  });

  it('waits with no deadline when timeout is Infinity', async () => {
    const { check, calls } = scripted([...Array(30).fill('started'), 'completed']);
    const timing = pollTiming({ interval: 60_000, backoff: 1, timeout: Number.POSITIVE_INFINITY });
    const done = poll(check, isDone, timing, undefined, label);
    await vi.advanceTimersByTimeAsync(31 * 60_000);
    await expect(done).resolves.toBe('completed');
    expect(calls).toHaveLength(31);
  });
});

describe('pollTiming', () => {
  it('refuses bad timing with a ValidationError naming the option', () => {
    const cases: [object, string, string][] = [
      [{ interval: 0 }, 'wait.interval', 'a number of milliseconds greater than 0'],
      [{ interval: '1000' }, 'wait.interval', 'a number of milliseconds greater than 0'],
      [{ backoff: 0.5 }, 'wait.backoff', 'a number >= 1 (1 polls at a fixed interval)'],
      [{ maxInterval: -1 }, 'wait.maxInterval', 'a number of milliseconds greater than 0'],
      [
        { timeout: Number.NaN },
        'wait.timeout',
        'a number of milliseconds greater than 0, or Infinity',
      ],
    ];
    for (const [given, option, allowed] of cases) {
      let error: unknown;
      try {
        pollTiming(given);
      } catch (thrown) {
        error = thrown;
      }
      expect(error).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({ option, allowed });
    }
  });
});
