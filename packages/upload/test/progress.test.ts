import { describe, expect, it } from 'vitest';
import { createLimiter } from '../src/limiter.js';
import type { UploadProgress } from '../src/options.js';
import { createProgressReporter, createProgressTracker } from '../src/progress.js';

describe('progress', () => {
  it('counts a retried part once and never goes back', () => {
    const seen: number[] = [];
    const tracker = createProgressTracker(
      new Map([
        [1, 100],
        [2, 50],
      ]),
      (loaded) => seen.push(loaded),
    );
    tracker.part(1, 60);
    tracker.part(1, 10); // the retry starts again from 0
    tracker.part(1, 80);
    tracker.part(2, 500); // never more than the part
    expect(seen).toEqual([60, 80, 130]);
    expect(tracker.loaded).toBe(130);
  });

  it('holds percent below 100 until done, then reports 100 exactly once', () => {
    const events: UploadProgress[] = [];
    const reporter = createProgressReporter(200, (e) => events.push(e));
    reporter.loaded(1);
    reporter.loaded(200);
    reporter.loaded(150);
    reporter.done();
    reporter.done();
    reporter.loaded(200);
    expect(events).toEqual([
      { loaded: 1, total: 200, percent: 0 },
      { loaded: 200, total: 200, percent: 99 },
      { loaded: 200, total: 200, percent: 100 },
    ]);
  });

  it('ignores a listener that throws', () => {
    const reporter = createProgressReporter(10, () => {
      throw new Error('listener bug');
    });
    expect(() => reporter.loaded(5)).not.toThrow();
    expect(() => reporter.done()).not.toThrow();
  });
});

describe('createLimiter', () => {
  it('hands out at most n slots, first come first served', async () => {
    const limiter = createLimiter(2);
    const order: string[] = [];
    const a = await limiter.acquire();
    const b = await limiter.acquire();
    const c = limiter.acquire().then((release) => {
      order.push('c');
      return release;
    });
    const d = limiter.acquire().then((release) => {
      order.push('d');
      return release;
    });
    await Promise.resolve();
    expect(order).toEqual([]);
    a();
    a(); // releasing twice frees one slot only
    (await c)();
    b();
    await d;
    expect(order).toEqual(['c', 'd']);
  });

  it('rejects a waiting acquire when its signal aborts, without losing the slot', async () => {
    const limiter = createLimiter(1);
    const release = await limiter.acquire();
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
    release();
    const again = await limiter.acquire();
    expect(typeof again).toBe('function');
  });
});
