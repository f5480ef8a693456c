import { md5Base64 } from '@fs/test-kit';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { md5 } from '../src/md5.js';
import type { Md5Answer } from '../src/md5.worker.js';
import { partBytes } from '../src/part-digest.js';

/** vi.waitFor gives up after 1 s; a loaded machine can take longer to hash three parts. */
const WAIT = { timeout: 30_000 };

// partMd5 keeps its worker in module state: each test imports a fresh copy, after it has set
// up the global `Worker` it wants the page to have. The real worker runs in the Chromium suite
// (apps/web); here a stand-in plays its part of the protocol.

const MiB = 1024 * 1024;

function pattern(length: number, seed = 1): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = (i * 31 + seed) & 255;
  return bytes;
}

async function freshPartMd5() {
  vi.resetModules();
  return (await import('../src/part-md5.browser.js')).partMd5;
}

/** A Worker that answers like md5.worker.js, in order, and records what it was sent. */
class AnsweringWorker extends EventTarget {
  static started: AnsweringWorker[] = [];
  onmessage: ((event: MessageEvent<Md5Answer>) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  posted: Array<{ body: Blob | Uint8Array; transfer?: Transferable[] }> = [];
  private queue = Promise.resolve();

  constructor(
    readonly url: URL,
    readonly options: WorkerOptions,
  ) {
    super();
    AnsweringWorker.started.push(this);
  }

  postMessage(body: Blob | Uint8Array, transfer?: Transferable[]) {
    this.posted.push({ body, transfer });
    this.queue = this.queue.then(async () => {
      const bytes = ArrayBuffer.isView(body) ? body : new Uint8Array(await body.arrayBuffer());
      this.onmessage?.(new MessageEvent('message', { data: { digest: md5(bytes) } }));
    });
  }

  terminate() {}
}

/** A Worker whose script never loads (a 404, a CSP): it fires `error` soon after it is made. */
class FailingWorker extends EventTarget {
  static started = 0;
  static posted = 0;
  onmessage: unknown = null;
  onerror: ((event: Event) => void) | null = null;
  constructor() {
    super();
    FailingWorker.started++;
    setTimeout(() => this.onerror?.(new Event('error', { cancelable: true })), 20);
  }
  postMessage() {
    FailingWorker.posted++;
  }
  terminate() {}
}

beforeEach(() => {
  AnsweringWorker.started = [];
  FailingWorker.started = 0;
  FailingWorker.posted = 0;
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('partBytes', () => {
  it('reads a Blob body whole and takes bytes as they are', async () => {
    const bytes = pattern(3 * MiB + 5);
    expect(Buffer.from(await partBytes(new Blob([bytes]))).equals(bytes)).toBe(true);
    expect(await partBytes(bytes)).toBe(bytes);
  });
});

describe('md5.worker.js', () => {
  /** Imports the worker script with `self` standing in for its global scope. */
  async function startWorkerScript() {
    const answers: Md5Answer[] = [];
    const scope: {
      onmessage?: (event: { data: Blob | Uint8Array }) => void;
      postMessage(answer: Md5Answer): void;
    } = { postMessage: (answer) => answers.push(answer) };
    vi.stubGlobal('self', scope);
    vi.resetModules();
    await import('../src/md5.worker.js');
    return { answers, post: (data: Blob | Uint8Array) => scope.onmessage!({ data }) };
  }

  it('answers every part in the order asked, reading one Blob at a time', async () => {
    const { answers, post } = await startWorkerScript();
    let reading = 0;
    let mostAtOnce = 0;
    const slow = (bytes: Uint8Array<ArrayBuffer>, ms: number) => {
      const blob = new Blob([bytes]);
      blob.arrayBuffer = async () => {
        mostAtOnce = Math.max(mostAtOnce, ++reading);
        await new Promise((resolve) => setTimeout(resolve, ms));
        reading--;
        return bytes.buffer;
      };
      return blob;
    };
    const parts = [pattern(3 * MiB, 1), pattern(2 * MiB, 2), pattern(MiB + 1, 3)];
    post(slow(parts[0]!, 60));
    post(parts[1]!);
    post(slow(parts[2]!, 5));
    await vi.waitFor(() => expect(answers).toHaveLength(3), WAIT);
    expect(answers).toEqual(parts.map((part) => ({ digest: md5(part) })));
    expect(mostAtOnce).toBe(1);
  });

  it('answers a part it cannot read with the reason, and goes on with the next', async () => {
    const { answers, post } = await startWorkerScript();
    const unreadable = new Blob([pattern(10)]);
    unreadable.arrayBuffer = () => Promise.reject(new Error('NotReadableError: gone'));
    post(unreadable);
    post(pattern(10));
    await vi.waitFor(() => expect(answers).toHaveLength(2), WAIT);
    expect(answers).toEqual([
      { error: 'Error: NotReadableError: gone' },
      { digest: md5(pattern(10)) },
    ]);
  });
});

describe('partMd5 (browser entry)', () => {
  it('hashes on the main thread where there is no Worker', async () => {
    vi.stubGlobal('Worker', undefined);
    const partMd5 = await freshPartMd5();
    const bytes = pattern(5 * MiB + 3, 9);
    expect(await partMd5(new Blob([bytes]))).toBe(md5Base64(bytes));
    expect(await partMd5(bytes.subarray(7, 3 * MiB))).toBe(md5Base64(bytes.subarray(7, 3 * MiB)));
  });

  it('starts no worker before a part needs one, and none for parts of 1 MiB or less', async () => {
    vi.stubGlobal('Worker', AnsweringWorker);
    const partMd5 = await freshPartMd5();
    expect(AnsweringWorker.started).toEqual([]);
    const small = pattern(MiB);
    expect(await partMd5(new Blob([small]))).toBe(md5Base64(small));
    expect(AnsweringWorker.started).toEqual([]);
  });

  it('sends parts to one module worker next to the entry and matches its answers in order', async () => {
    vi.stubGlobal('Worker', AnsweringWorker);
    const partMd5 = await freshPartMd5();
    const file = pattern(6 * MiB, 3);
    const parts = [file.subarray(0, 2 * MiB), file.subarray(2 * MiB, 4 * MiB + 1)];
    const blob = new Blob([file.subarray(4 * MiB)]);
    const digests = await Promise.all([partMd5(parts[0]!), partMd5(blob), partMd5(parts[1]!)]);
    expect(digests).toEqual([
      md5Base64(parts[0]!),
      md5Base64(file.subarray(4 * MiB)),
      md5Base64(parts[1]!),
    ]);

    expect(AnsweringWorker.started).toHaveLength(1);
    const [worker] = AnsweringWorker.started;
    expect(worker!.url.href).toMatch(/\/md5\.worker\.js$/);
    expect(worker!.options).toEqual({ type: 'module' });
    // A Blob is posted as it is (the worker reads it); bytes as a copy of the part alone,
    // moved to the worker, so the caller's buffer is left whole.
    expect(worker!.posted[1]!.body).toBe(blob);
    expect(worker!.posted[1]!.transfer ?? []).toEqual([]);
    const copy = worker!.posted[0]!;
    expect(copy.transfer).toEqual([(copy.body as Uint8Array).buffer]);
    expect((copy.body as Uint8Array).buffer.byteLength).toBe(2 * MiB);
    expect(file.byteLength).toBe(6 * MiB);
  });

  it('hashes the parts a worker held on the main thread when its script fails, and never tries again', async () => {
    vi.stubGlobal('Worker', FailingWorker);
    const partMd5 = await freshPartMd5();
    const a = pattern(2 * MiB, 5);
    const b = pattern(3 * MiB, 6);
    expect(await Promise.all([partMd5(a), partMd5(new Blob([b]))])).toEqual([
      md5Base64(a),
      md5Base64(b),
    ]);
    expect([FailingWorker.started, FailingWorker.posted]).toEqual([1, 2]);
    expect(await partMd5(b)).toBe(md5Base64(b));
    expect([FailingWorker.started, FailingWorker.posted]).toEqual([1, 2]);
  });

  it('rejects with an INPUT error when a Blob cannot be read', async () => {
    vi.stubGlobal('Worker', undefined);
    const partMd5 = await freshPartMd5();
    const unreadable = new Blob([pattern(2 * MiB)]);
    unreadable.arrayBuffer = () => Promise.reject(new Error('NotReadableError: the file changed'));
    const error = await partMd5(unreadable).catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: 'FilestackError',
      code: 'INPUT',
      message: /changed or removed.*the file changed/,
    });
  });
});
