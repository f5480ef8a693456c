import { HttpError } from '@fs/core';
import { useEmulator } from '@fs/emulator/testing';
import { randomBytes, sha256Hex } from '@fs/test-kit';
import { describe, expect, it } from 'vitest';
import { ClockSkewError, nodeTransport, type PartTransport, upload } from '../src/index.node.js';
import { cdnBytes, expectStored, logOf, optionsFor, PART } from './helpers.js';

const emu = useEmulator();

type Route = 'start' | 'upload' | 'put' | 'commit' | 'complete';
type Kind = 'status' | 'rate-limit' | 'reset' | 'stall' | 'skew' | 'accepted';

// Every fault kind the emulator injects, at every stage where it can happen. Each one is
// transient (it fires on the first two matching requests): the upload must end with the exact
// bytes stored. `stall` outlasts the request timeout, so it exercises the timeout path too.
const TRANSIENT: Array<[Route, Kind]> = [
  ['start', 'status'],
  ['start', 'rate-limit'],
  ['start', 'reset'],
  ['start', 'stall'],
  ['upload', 'status'],
  ['upload', 'rate-limit'],
  ['upload', 'reset'],
  ['upload', 'stall'],
  ['put', 'status'],
  ['put', 'rate-limit'],
  ['put', 'reset'],
  ['put', 'stall'],
  ['put', 'skew'],
  ['commit', 'status'],
  ['commit', 'rate-limit'],
  ['commit', 'reset'],
  ['commit', 'stall'],
  ['complete', 'status'],
  ['complete', 'rate-limit'],
  ['complete', 'reset'],
  ['complete', 'stall'],
  ['complete', 'accepted'],
];

const MODES = [
  ['regular', false],
  ['intelligent', true],
] as const;

describe.each(MODES)('%s upload under transient faults', (mode, intelligent) => {
  const cases = TRANSIENT.filter(([route]) => route !== 'commit' || intelligent);
  // Intelligent Ingestion parts of 4 x PART: the two injected failures retry a chunk and halve
  // it once (256 -> 128 KiB), so only the injected faults may fail a chunk. A short timeout would
  // let a loaded machine fail more: when a process waits for the CPU, its timers run before the
  // socket reads that were due, so a request can "time out" with its bytes already there. Only
  // a stall needs one, 2 s against a 6 s stall, and one stall is enough to take the timeout
  // path: the retries left cover a starved process. Other faults keep the default timeout.
  const partSize = intelligent ? 4 * PART : PART;
  it.each(cases)('survives %s %s with the exact bytes stored', async (route, kind) => {
    const stall = kind === 'stall';
    emu.faults.add({ route, kind, times: stall ? 1 : 2, retryAfter: 0, ms: 6_000 });
    const bytes = randomBytes(3 * partSize + 11);
    const timeout = stall ? { timeout: 2_000 } : {};
    const file = await upload(bytes, optionsFor(emu, { intelligent, partSize, ...timeout }));
    expect(file.mode).toBe(mode);
    await expectStored(emu, file.handle, bytes);
    const fired = emu.stats().requests.filter((r) => r.route === route && r.fault === kind);
    expect(fired.length).toBeGreaterThanOrEqual(1);
  });
});

describe('regular upload under lasting faults', () => {
  // The body each route answers a 400 with, as the HttpError carries it parsed: the upload
  // API's JSON error as an object, storage's S3 XML as text.
  const apiBody = { error: 'emulated fault: HTTP 400', i: 'UPL-emulator-1' };
  const s3Body = expect.stringMatching(
    /<Error><Code>InternalError<\/Code><Message>emulated fault: HTTP 400<\/Message>/,
  );
  it.each([
    ['start', apiBody],
    ['upload', apiBody],
    ['put', s3Body],
    ['complete', apiBody],
  ] as const)('fails fast with a typed HttpError when %s answers 400', async (route, body) => {
    emu.faults.add({ route, kind: 'status', status: 400, times: 100 });
    // One part at a time: the first failure must stop the upload before part 2 is tried.
    const error = await upload(randomBytes(PART + 1), optionsFor(emu, { concurrency: 1 })).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ status: 400, retryable: false, body });
    expect(logOf(emu, route).filter((r) => r.fault === 'status')).toHaveLength(1);
    if (route !== 'complete') expect(logOf(emu, 'complete')).toEqual([]);
  });

  it.each(['start', 'upload', 'put', 'complete'] as const)(
    'gives up on %s after the retry policy attempts with the last HttpError',
    async (route) => {
      emu.faults.add({ route, kind: 'status', status: 503, times: 100 });
      const retries: number[] = [];
      const error = await upload(
        randomBytes(PART),
        optionsFor(emu, {
          retry: { attempts: 3, baseDelay: 1, maxDelay: 5, jitter: 0 },
          onRetry: ({ attempt }) => retries.push(attempt),
        }),
      ).catch((e) => e);
      expect(error).toBeInstanceOf(HttpError);
      expect(error.status).toBe(503);
      expect(logOf(emu, route).filter((r) => r.fault === 'status')).toHaveLength(3);
      expect(retries).toEqual([1, 2]);
    },
  );

  it('honours Retry-After from a 429', async () => {
    emu.faults.add({ route: 'upload', kind: 'rate-limit', retryAfter: 1, times: 1 });
    const started = Date.now();
    await upload(randomBytes(10), optionsFor(emu, { retry: { maxDelay: 5_000 } }));
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('fetches a fresh part URL after RequestTimeTooSkewed', async () => {
    emu.faults.add({ route: 'put', kind: 'skew', times: 1 });
    await upload(randomBytes(10), optionsFor(emu));
    expect(logOf(emu, 'upload')).toHaveLength(2);
    expect(logOf(emu, 'put').map((r) => r.status)).toEqual([403, 200]);
  });

  it('ends with a ClockSkewError when every PUT is skewed', async () => {
    emu.faults.add({ route: 'put', kind: 'skew', times: 100 });
    const error = await upload(randomBytes(10), optionsFor(emu, { retry: { attempts: 2 } })).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(ClockSkewError);
  });

  it('polls a 202 from complete with backoff until the file is ready', async () => {
    emu.faults.add({ route: 'complete', kind: 'accepted', times: 3 });
    const bytes = randomBytes(PART * 2);
    const file = await upload(bytes, optionsFor(emu));
    expect(logOf(emu, 'complete').map((r) => r.status)).toEqual([202, 202, 202, 200]);
    await expectStored(emu, file.handle, bytes);
  });

  it('gives up polling after completeTimeout with a TimeoutError', async () => {
    emu.faults.add({ route: 'complete', kind: 'accepted', times: 1000 });
    const error = await upload(randomBytes(10), optionsFor(emu, { completeTimeout: 200 })).catch(
      (e) => e,
    );
    expect(error).toMatchObject({ name: 'TimeoutError' });
  });

  it('never reports success when faults are random at every stage', async () => {
    for (const route of ['start', 'upload', 'put', 'complete'] as const) {
      emu.faults.add({ route, kind: 'status', rate: 0.3 });
      emu.faults.add({ route, kind: 'reset', rate: 0.1 });
    }
    const outcomes = await Promise.all(
      Array.from({ length: 6 }, async () => {
        const bytes = randomBytes(4 * PART + 3);
        try {
          const file = await upload(bytes, optionsFor(emu, { retry: { attempts: 4 } }));
          return sha256Hex(await cdnBytes(emu, file.handle)) === sha256Hex(bytes)
            ? 'ok'
            : 'WRONG BYTES';
        } catch (error) {
          return error instanceof Error && 'code' in error ? 'typed error' : 'UNTYPED';
        }
      }),
    );
    expect(outcomes.filter((o) => o === 'WRONG BYTES' || o === 'UNTYPED')).toEqual([]);
  });
});

describe('a part PUT whose ETag cannot be read', () => {
  // What a browser sees when the bucket's CORS rules do not expose ETag: a 2xx without it.
  const hidingEtag: PartTransport = async (request) => ({
    ...(await nodeTransport(request)),
    etag: undefined,
  });

  it('does not matter to Intelligent Ingestion, which never uses the ETag', async () => {
    const bytes = randomBytes(PART + 1);
    const file = await upload(bytes, optionsFor(emu, { transport: hidingEtag, intelligent: true }));
    expect(file.mode).toBe('intelligent');
    await expectStored(emu, file.handle, bytes);
  });
});
