import { useEmulator } from '@fs/emulator/testing';
import { randomBytes } from '@fs/test-kit';
import { describe, expect, it } from 'vitest';
// The browser entry: here, without XMLHttpRequest, it sends part bodies with fetch.
import { fetchTransport, type PartTransport, upload } from '../src/index.js';
import { upload as nodeUpload } from '../src/index.node.js';
import { expectStored, logOf, optionsFor, PART } from './helpers.js';

const emu = useEmulator();

/** fetchTransport, recording each body it was given. */
function recording() {
  const bodies: Array<Uint8Array | Blob> = [];
  const transport: PartTransport = (request) => {
    bodies.push(request.body);
    return fetchTransport(request);
  };
  return { bodies, transport };
}

const sizes = (bodies: Array<Uint8Array | Blob>) =>
  bodies.map((body) => (body instanceof Blob ? body.size : body.length));

describe('Blob inputs in the browser entry', () => {
  it('go out as slices of the Blob, with storage checking each part against its MD5', async () => {
    const bytes = randomBytes(2 * PART + 100);
    const { bodies, transport } = recording();
    const file = await upload(new File([bytes], 'a.bin'), optionsFor(emu, { transport }));
    expect(bodies.every((body) => body instanceof Blob)).toBe(true);
    expect(sizes(bodies).sort((a, b) => b - a)).toEqual([PART, PART, 100]);
    // Each part URL was signed for an MD5 and the emulator compared it with the bytes it got.
    expect(logOf(emu, 'upload').every((r) => r.status === 200)).toBe(true);
    expect(logOf(emu, 'put').map((r) => r.status)).toEqual([200, 200, 200]);
    await expectStored(emu, file.handle, bytes);
  });

  it('send Intelligent Ingestion chunks as slices at their offsets, resuming after a failed chunk', async () => {
    const part = 256 * 1024;
    const half = part / 2;
    const quarter = part / 4;
    emu.faults.add({ route: 'put', kind: 'status', status: 503, nth: [2, 3] });
    const bytes = randomBytes(2 * part);
    const { bodies, transport } = recording();
    const file = await upload(
      new Blob([bytes]),
      optionsFor(emu, {
        transport,
        intelligent: true,
        partSize: part,
        chunkSize: half,
        concurrency: 1,
      }),
    );
    expect(file.mode).toBe('intelligent');
    expect(bodies.every((body) => body instanceof Blob)).toBe(true);
    // Part 1: two halves, the second failing twice and then sent as two quarters; part 2 starts
    // at the size that last worked, in quarters.
    expect(sizes(bodies)).toEqual([half, half, half, ...Array.from({ length: 6 }, () => quarter)]);
    const chunks = logOf(emu, 'upload').map((r) => [r.part, r.offset, r.size]);
    expect(chunks).toEqual([
      [1, 0, half],
      [1, half, half],
      [1, half, half],
      [1, half, quarter],
      [1, half + quarter, quarter],
      [2, 0, quarter],
      [2, quarter, quarter],
      [2, half, quarter],
      [2, half + quarter, quarter],
    ]);
    await expectStored(emu, file.handle, bytes);
  });

  it('are hashed a part ahead: the next part while the one before it is on the wire', async () => {
    const bytes = randomBytes(3 * PART);
    const blob = new Blob([bytes]);
    const events: string[] = [];
    const partOf = new WeakMap<Blob, number>();
    const slice = blob.slice.bind(blob);
    blob.slice = (start = 0, end) => {
      const piece = slice(start, end);
      const part = start / PART + 1;
      partOf.set(piece, part);
      piece.arrayBuffer = () => {
        events.push(`hash ${part}`);
        return Blob.prototype.arrayBuffer.call(piece);
      };
      return piece;
    };
    const transport: PartTransport = async (request) => {
      const part = partOf.get(request.body as Blob);
      events.push(`put ${part}`);
      const answer = await fetchTransport(request);
      events.push(`stored ${part}`);
      return answer;
    };
    const file = await upload(blob, optionsFor(emu, { transport, concurrency: 1 }));
    expect(events).toEqual([
      'hash 1',
      'hash 2',
      'put 1',
      'stored 1',
      'hash 3',
      'put 2',
      'stored 2',
      'put 3',
      'stored 3',
    ]);
    await expectStored(emu, file.handle, bytes);
  });

  it('fail with an INPUT error, completing nothing, when a part hashed ahead cannot be read', async () => {
    const blob = new Blob([randomBytes(3 * PART)]);
    const slice = blob.slice.bind(blob);
    blob.slice = (start = 0, end) => {
      const piece = slice(start, end);
      if (start === PART) piece.arrayBuffer = () => Promise.reject(new Error('file changed'));
      return piece;
    };
    const error = await upload(blob, optionsFor(emu, { concurrency: 1 })).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'INPUT', message: /file changed/ });
    expect(logOf(emu, 'put').map((r) => r.part)).toEqual([1]);
    expect(logOf(emu, 'complete')).toEqual([]);
  });

  it('go out without being read when integrity is off', async () => {
    const bytes = randomBytes(PART + 1);
    const blob = new Blob([bytes]);
    let reads = 0;
    const slice = blob.slice.bind(blob);
    blob.slice = (start, end) => {
      const part = slice(start, end);
      part.arrayBuffer = () => {
        reads++;
        return Blob.prototype.arrayBuffer.call(part);
      };
      return part;
    };
    const { bodies, transport } = recording();
    const file = await upload(blob, optionsFor(emu, { transport, integrity: false }));
    expect(bodies.every((body) => body instanceof Blob)).toBe(true);
    expect(reads).toBe(0);
    await expectStored(emu, file.handle, bytes);
  });
});

describe('Blob inputs elsewhere', () => {
  it('go out as slices in Node too, which its transport streams', async () => {
    const bytes = randomBytes(PART + 1);
    const { bodies, transport } = recording();
    const file = await nodeUpload(new Blob([bytes]), optionsFor(emu, { transport }));
    expect(sizes(bodies).sort((a, b) => b - a)).toEqual([PART, 1]);
    expect(bodies.every((body) => body instanceof Blob)).toBe(true);
    await expectStored(emu, file.handle, bytes);
  });

  it('are read into bytes when the Blob is not of this realm', async () => {
    const bytes = randomBytes(PART + 1);
    const real = new Blob([bytes]);
    // Shaped like a Blob (a jsdom or polyfill one) but not an instance of this realm's Blob.
    const foreign = {
      size: real.size,
      type: '',
      slice: (start: number, end: number) => real.slice(start, end),
      arrayBuffer: () => real.arrayBuffer(),
    };
    const { bodies, transport } = recording();
    const file = await upload(foreign as unknown as Blob, optionsFor(emu, { transport }));
    expect(bodies.every((body) => body instanceof Uint8Array)).toBe(true);
    await expectStored(emu, file.handle, bytes);
  });
});
