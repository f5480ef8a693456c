import { md5Hex } from '@fs/test-kit';
import { describe, expect, it } from 'vitest';
import { type FaultRule, type RequestRecord, startEmulator } from '../src/index.js';
import { useEmulator } from '../src/testing/index.js';
import {
  type Answer,
  echo,
  hooks,
  type PartUrl,
  partUrl,
  postJson,
  type StartAnswer,
  startUpload,
  testBytes,
  uploadRegular,
} from './helpers.js';

/*
 * Rates and seeds, the link kinds (stall, latency, throttle), `no-etag` and `reset` after some
 * bytes: the fault rules an upload client's resilience tests and benchmarks use.
 */

const emu = useEmulator({ hooks });

/** PUTs `bytes`; the status, or `reset` when the connection dropped without an answer. */
async function put(
  target: PartUrl,
  bytes: Uint8Array,
): Promise<{ status: number | 'reset'; headers?: Headers }> {
  try {
    const response = await fetch(target.url, {
      method: 'PUT',
      headers: target.headers,
      body: new Uint8Array(bytes),
    });
    await response.arrayBuffer();
    return { status: response.status, headers: response.headers };
  } catch {
    return { status: 'reset' };
  }
}

const puts = (): RequestRecord[] => emu.stats().requests.filter((r) => r.route === 'put');

/** The statuses of `count` start calls. */
async function startStatuses(count: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < count; i++) statuses.push((await startUpload(emu, 5)).status);
  return statuses;
}

/** Milliseconds `run` takes. */
async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const began = performance.now();
  const value = await run();
  return { ms: performance.now() - began, value };
}

describe('rate and seed', () => {
  const rule: FaultRule = { route: 'start', kind: 'status', rate: 0.5, seed: 42 };

  it('fires on the same requests for the same seed, and on others for another seed', async () => {
    emu.faults.add(rule);
    const first = await startStatuses(24);
    expect(first).toContain(503);
    expect(first).toContain(200);
    emu.faults.clear();
    emu.faults.add(rule);
    expect(await startStatuses(24)).toEqual(first);
    emu.faults.clear();
    emu.faults.add({ ...rule, seed: 43 });
    expect(await startStatuses(24)).not.toEqual(first);
  });

  it('draws each rule from its own generator, so another rule does not move its schedule', async () => {
    emu.faults.add(rule);
    const alone = await startStatuses(24);
    emu.faults.clear();
    // Drawn on every start too, and firing on about half of them, without ending any.
    emu.faults.add({ route: 'start', kind: 'latency', ms: 0, rate: 0.5, seed: 7 });
    emu.faults.add(rule);
    expect(await startStatuses(24)).toEqual(alone);
    expect(emu.stats().requests.some((r) => r.fault === 'latency')).toBe(true);
  });

  it("draws rules without a seed from the emulator's seed, again after a reset", async () => {
    const schedule = async (seed: number) => {
      const other = await startEmulator({
        seed,
        faults: [{ route: 'start', kind: 'status', rate: 0.5 }],
      });
      try {
        const statuses = [];
        for (let i = 0; i < 16; i++) statuses.push((await startUpload(other, 5)).status);
        other.reset();
        other.faults.add({ route: 'start', kind: 'status', rate: 0.5 });
        const again = [];
        for (let i = 0; i < 16; i++) again.push((await startUpload(other, 5)).status);
        expect(again).toEqual(statuses);
        return statuses;
      } finally {
        await other.close();
      }
    };
    const seven = await schedule(7);
    expect(await schedule(7)).toEqual(seven);
    expect(await schedule(8)).not.toEqual(seven);
  });

  it('never fires at rate 0, always at rate 1, and at most `times` times', async () => {
    emu.faults.add({ route: 'start', kind: 'status', rate: 0 });
    expect(await startStatuses(8)).toEqual(Array(8).fill(200));
    emu.faults.clear();
    emu.faults.add({ route: 'start', kind: 'status', status: 502, rate: 1, times: 3 });
    expect(await startStatuses(5)).toEqual([502, 502, 502, 200, 200]);
  });

  it('can be added over HTTP like any rule', async () => {
    const added = await postJson(`${emu.url}/__emulator/faults`, rule);
    expect(added.status).toBe(201);
    emu.faults.clear();
    emu.faults.add(rule);
    const local = await startStatuses(12);
    emu.faults.clear();
    await postJson(`${emu.url}/__emulator/faults`, rule);
    expect(await startStatuses(12)).toEqual(local);
  });
});

describe('the failing kinds at a rate on part and chunk PUTs', () => {
  const bytes = testBytes(2048, 3);

  /** 8 PUTs of a regular part and 8 of an FII chunk, interleaved, with `rule` at rate 0.5. */
  async function underRule(rule: Omit<FaultRule, 'route' | 'rate' | 'seed'>) {
    const part = await partUrl(emu, bytes);
    const chunk = await partUrl(emu, bytes, 0);
    emu.faults.add({ route: 'put', rate: 0.5, seed: 11, ...rule } as FaultRule);
    const answers = [];
    for (let i = 0; i < 8; i++) answers.push(await put(part, bytes), await put(chunk, bytes));
    const records = puts();
    expect(records).toHaveLength(16);
    const faulted = records.filter((r) => r.fault === rule.kind);
    // Deterministic for seed 11: some PUTs of each kind are hit, some are not.
    expect(faulted.some((r) => r.offset === undefined)).toBe(true);
    expect(faulted.some((r) => r.offset === 0)).toBe(true);
    expect(faulted.length).toBeLessThan(16);
    return { answers, records };
  }

  it('answers 503s', async () => {
    const { answers, records } = await underRule({ kind: 'status', status: 503 });
    records.forEach((record, i) => {
      expect(answers[i]!.status).toBe(record.fault ? 503 : 200);
    });
  });

  it('answers 429s with Retry-After', async () => {
    const { answers, records } = await underRule({ kind: 'rate-limit', retryAfter: 2 });
    records.forEach((record, i) => {
      const answer = answers[i]!;
      expect(answer.status).toBe(record.fault ? 429 : 200);
      if (record.fault) expect(answer.headers!.get('retry-after')).toBe('2');
    });
  });

  it('stalls and then stores', async () => {
    const { answers } = await underRule({ kind: 'stall', ms: 30 });
    expect(answers.map((a) => a.status)).toEqual(Array(16).fill(200));
  });

  it('resets without an answer', async () => {
    const { answers, records } = await underRule({ kind: 'reset' });
    records.forEach((record, i) => {
      expect(answers[i]!.status).toBe(record.fault ? 'reset' : 200);
      expect(record.status).toBe(record.fault ? 0 : 200);
    });
  });
});

describe('no-etag', () => {
  it('stores a part PUT but answers 200 without the ETag, once per firing', async () => {
    const bytes = testBytes(1000, 4);
    const target = await partUrl(emu, bytes);
    emu.faults.add({ route: 'put', kind: 'no-etag', times: 1 });
    const hidden = await put(target, bytes);
    expect(hidden.status).toBe(200);
    expect(hidden.headers!.get('etag')).toBeNull();
    expect(puts()[0]).toMatchObject({ fault: 'no-etag', status: 200, received: 1000 });
    // The bytes were stored: complete accepts their MD5 as the ETag the client could not read.
    const done = await postJson(`${emu.url}/multipart/complete`, {
      ...echo(emu, target.start),
      filename: 'hidden.bin',
      mimetype: 'application/octet-stream',
      size: bytes.length,
      parts: [{ part_number: 1, etag: `"${md5Hex(bytes)}"` }],
    });
    expect(done.status).toBe(200);
    const stored = await fetch(done.body.url as string);
    expect(Buffer.from(await stored.arrayBuffer())).toEqual(bytes);
    const again = await put(await partUrl(emu, bytes), bytes);
    expect(again.headers!.get('etag')).toBe(`"${md5Hex(bytes)}"`);
  });

  it('is only for the put route', () => {
    expect(() => emu.faults.add({ route: 'complete', kind: 'no-etag' })).toThrow(
      /only the put route/,
    );
  });
});

describe('reset after some bytes', () => {
  const body = testBytes(1024 * 1024, 5);

  it('drops the connection once afterBytes of the body arrived, storing nothing', async () => {
    const target = await partUrl(emu, body);
    emu.faults.add({ route: 'put', kind: 'reset', afterBytes: 300_000, times: 1 });
    expect((await put(target, body)).status).toBe('reset');
    const [record] = puts();
    expect(record).toMatchObject({ fault: 'reset', status: 0 });
    // One socket read past the limit at most.
    expect(record!.received).toBeGreaterThanOrEqual(300_000);
    expect(record!.received).toBeLessThan(300_000 + 64 * 1024);
    const done = await postJson(`${emu.url}/multipart/complete`, {
      ...echo(emu, target.start),
      size: body.length,
      parts: [{ part_number: 1, etag: md5Hex(body) }],
    });
    expect(done.status).toBe(400);
    expect(done.body.detail).toMatch(/part 1 was never uploaded/);
  });

  it('reads a shorter body to its end, then drops the connection all the same', async () => {
    const small = testBytes(10_000, 6);
    const target = await partUrl(emu, small);
    emu.faults.add({ route: 'put', kind: 'reset', afterBytes: 50_000 });
    expect((await put(target, small)).status).toBe('reset');
    expect(puts()[0]).toMatchObject({ status: 0, received: 10_000 });
  });
});

describe('throttle', () => {
  const bytes = testBytes(200_000, 7);

  it('reads a part PUT body at bytesPerSecond and stores it whole', async () => {
    const target = await partUrl(emu, bytes);
    emu.faults.add({ route: 'put', kind: 'throttle', bytesPerSecond: 400_000 });
    const { ms, value } = await timed(() => put(target, bytes));
    expect(value.status).toBe(200);
    expect(value.headers!.get('etag')).toBe(`"${md5Hex(bytes)}"`);
    // 200 kB at 400 kB/s: half a second at least.
    expect(ms).toBeGreaterThanOrEqual(450);
    expect(puts()[0]).toMatchObject({ fault: 'throttle', received: bytes.length });
  });

  it('sends an answer body at bytesPerSecond', async () => {
    const { body: file } = await uploadRegular(emu, bytes, { partSize: 100_000 });
    emu.faults.add({ route: 'cdn', kind: 'throttle', bytesPerSecond: 400_000 });
    const { ms, value } = await timed(async () => {
      const response = await fetch(file.url as string);
      return { length: response.headers.get('content-length'), body: await response.arrayBuffer() };
    });
    expect(Buffer.from(value.body)).toEqual(bytes);
    expect(value.length).toBe(String(bytes.length));
    expect(ms).toBeGreaterThanOrEqual(450);
  });

  it('slows a reset down too: the reset comes once afterBytes crossed the slow link', async () => {
    const body = testBytes(1024 * 1024, 8);
    const target = await partUrl(emu, body);
    emu.faults.add({ route: 'put', kind: 'throttle', bytesPerSecond: 200_000 });
    emu.faults.add({ route: 'put', kind: 'reset', afterBytes: 100_000 });
    const { ms, value } = await timed(() => put(target, body));
    expect(value.status).toBe('reset');
    expect(ms).toBeGreaterThanOrEqual(450);
    const [record] = puts();
    // The outcome names the record; the throttle hands the body on in 20 kB pieces.
    expect(record).toMatchObject({ fault: 'reset', status: 0 });
    expect(record!.received).toBeGreaterThanOrEqual(100_000);
    expect(record!.received).toBeLessThanOrEqual(120_000);
  });
});

describe('latency', () => {
  it('answers ms later, and normally', async () => {
    emu.faults.add({ route: 'start', kind: 'latency', ms: 300 });
    const { ms, value } = await timed(() => startUpload(emu, 5));
    expect(value.status).toBe(200);
    expect(value.body.upload_id).toBeTypeOf('string');
    expect(ms).toBeGreaterThanOrEqual(290);
    expect(emu.stats().requests[0]).toMatchObject({ fault: 'latency', status: 200 });
  });

  it('delays the answer of a failing fault too', async () => {
    emu.faults.add({ route: 'start', kind: 'latency', ms: 200 });
    emu.faults.add({ route: 'start', kind: 'status', status: 503 });
    const { ms, value } = await timed<Answer<StartAnswer>>(() => startUpload(emu, 5));
    expect(value.status).toBe(503);
    expect(ms).toBeGreaterThanOrEqual(190);
    expect(emu.stats().requests[0]).toMatchObject({ fault: 'status', status: 503 });
  });
});

describe('fault rule checks', () => {
  it('names a field that is not a field of a rule, and lists those that are', () => {
    expect(() =>
      emu.faults.add({ route: 'put', kind: 'status', probability: 0.5 } as unknown as FaultRule),
    ).toThrow(
      'fault rule probability: not a field of a rule; they are route, kind, status, retryAfter, afterBytes, ms, bytesPerSecond, nth, times, rate, seed, part',
    );
    // Fields of other kinds are let through, so one rule shape can serve several kinds.
    expect(() =>
      emu.faults.add({ route: 'put', kind: 'reset', ms: 5, retryAfter: 0 }),
    ).not.toThrow();
  });

  it('needs bytesPerSecond for throttle, a rate for a seed, and nth alone', () => {
    expect(() => emu.faults.add({ route: 'put', kind: 'throttle' })).toThrow(/bytesPerSecond/);
    expect(() => emu.faults.add({ route: 'put', kind: 'throttle', bytesPerSecond: 0 })).toThrow(
      /bytesPerSecond: got 0; expected an integer from 1/,
    );
    expect(() => emu.faults.add({ route: 'put', kind: 'status', seed: 3 })).toThrow(
      /seed: it seeds the draws of rate/,
    );
    expect(() => emu.faults.add({ route: 'put', kind: 'status', nth: [1], rate: 0.5 })).toThrow(
      /nth alone/,
    );
    expect(() => emu.faults.add({ route: 'put', kind: 'reset', afterBytes: -1 })).toThrow(
      /afterBytes/,
    );
  });
});
