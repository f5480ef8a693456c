import { rejection, startServer, thrown } from '@fs/test-kit';
import { describe, expect, it } from 'vitest';
import { createHttp, type RetryPolicy, retryPolicy, ValidationError } from '../src/index.js';

describe('retry options are checked before any request', () => {
  const bad: [string, unknown][] = [
    ['retry', -1],
    ['retry', 1.5],
    ['retry', Number.POSITIVE_INFINITY],
    ['retry', Number.NaN],
    ['retry', '3'],
    ['retry', null],
    ['retry', [1]],
    ['retry.attempts', { attempts: Number.POSITIVE_INFINITY }],
    ['retry.attempts', { attempts: 0 }],
    ['retry.attempts', { attempts: 2.5 }],
    ['retry.attempts', { attempts: '5' }],
    ['retry.attempts', { attempts: 1_000_000 }],
    ['retry.baseDelay', { baseDelay: -1 }],
    ['retry.baseDelay', { baseDelay: Number.NaN }],
    ['retry.baseDelay', { baseDelay: '500' }],
    ['retry.maxDelay', { maxDelay: Number.POSITIVE_INFINITY }],
    ['retry.maxDelay', { maxDelay: -5 }],
    ['retry.jitter', { jitter: 2 }],
    ['retry.jitter', { jitter: Number.NaN }],
    ['retry.statusCodes', { statusCodes: '503' }],
    ['retry.statusCodes', { statusCodes: [503, 'x'] }],
    ['retry.shouldRetry', { shouldRetry: true }],
  ];

  for (const [option, retry] of bad) {
    it(`refuses ${JSON.stringify(retry) ?? String(retry)} naming ${option}`, () => {
      thrown(() => retryPolicy(retry as Partial<RetryPolicy>), ValidationError, { option });
      thrown(() => createHttp({ retry: retry as number }), ValidationError, { option });
    });
  }

  it('keeps the defaults for fields given as undefined', () => {
    expect(retryPolicy({ attempts: undefined, baseDelay: 10 })).toMatchObject({
      attempts: 5,
      baseDelay: 10,
    });
  });

  it('never sends a request with a policy that would loop', async () => {
    const server = await startServer((_, res) => res.writeHead(503).end());
    try {
      await rejection(
        Promise.resolve().then(() =>
          createHttp({ retry: { attempts: Number.POSITIVE_INFINITY, baseDelay: 0 } }).request({
            url: server.url,
          }),
        ),
        ValidationError,
      );
      expect(server.requests).toHaveLength(0);
    } finally {
      await server.close();
    }
  });

  it('checks the timeout, fetch and onRetry too', () => {
    for (const timeout of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '30']) {
      thrown(() => createHttp({ timeout: timeout as number }), ValidationError, {
        option: 'timeout',
      });
    }
    thrown(() => createHttp({ fetch: 'x' as never }), ValidationError, { option: 'fetch' });
    thrown(() => createHttp({ onRetry: {} as never }), ValidationError, { option: 'onRetry' });
  });
});
