import { describeValue, FilestackError, ValidationError } from '@fs/core';

/**
 * A Node.js `Readable` (or anything async-iterable that pipes like one), described by shape so
 * the browser build never imports `node:stream`.
 */
export interface NodeReadableLike {
  /** Yields the stream's chunks (`Buffer`s or `Uint8Array`s). */
  [Symbol.asyncIterator](): AsyncIterator<unknown>;
  /** Present on every Node stream: it tells a stream from other async iterables. */
  pipe: (...args: never[]) => unknown;
}

/**
 * What `upload` accepts. Streams need the `size` option: the upload is started with the exact
 * size before the first byte is read. A file path goes through `uploadFile` from
 * `@fs/upload/node`, a URL through `uploadUrl`; a bare string is never guessed at.
 */
export type UploadInput =
  | Blob
  | Uint8Array
  | ArrayBuffer
  | ArrayBufferView
  | ReadableStream<Uint8Array>
  | NodeReadableLike;

/** The bytes of one upload, read part by part. A seam: tests and adapters can bring their own. */
export interface UploadSource {
  readonly size: number;
  /** The input's own name (a `File`'s), if it has one. */
  readonly name?: string;
  /** The input's own MIME type (a `Blob`'s), if it has one. */
  readonly type?: string;
  /**
   * The input itself when it is a `Blob` of this realm: runtimes whose transport streams Blob
   * bodies (browsers) send slices of it instead of the bytes `read` returns.
   */
  readonly blob?: Blob;
  /**
   * Bytes `[offset, offset + length)`. A sequential source (a stream) is asked for its parts
   * in order, one after the other, and each call reads only its own part: memory stays at
   * the parts in flight.
   */
  read(offset: number, length: number): Promise<Uint8Array>;
  /**
   * A sequential source's first `length` bytes (fewer when it is shorter), asked before any
   * `read` and left for it: for guessing the type from them. Other sources are `read` instead.
   */
  peek?(length: number): Promise<Uint8Array>;
  /** The bytes of a stored part are no longer needed: the source may reuse their buffer. */
  release?(bytes: Uint8Array): void;
  /** Called after the last part was read: a stream must be exhausted exactly there. */
  finish(): Promise<void>;
  /** Releases the underlying stream after a failure or abort. */
  cancel(): void;
  /** A `File`'s date: with its name, size and type, what tells it apart across runs. */
  readonly lastModified?: number;
  /** Read from start to end only, each part once (a stream): a resumed upload reads and drops the stored parts. */
  readonly sequential?: boolean;
}

interface BlobLike {
  size: number;
  type: string;
  name?: string;
  lastModified?: number;
  slice(start: number, end: number): { arrayBuffer(): Promise<ArrayBuffer> };
}

const PATH_OR_URL =
  'a Blob, File, Uint8Array, ArrayBuffer, or a stream with the size option. A string is never ' +
  'guessed at: upload a file path with uploadFile() from "@fs/upload/node", a URL with uploadUrl()';

/** Turns an upload input into a source, checking it before any request is sent. */
export function toSource(input: unknown, declaredSize: number | undefined): UploadSource {
  if (typeof input === 'string' || input instanceof String) {
    throw new ValidationError({
      option: 'input',
      received: input,
      allowed: PATH_OR_URL,
      message: `Invalid input: got a string (${describeValue(input)}). Expected ${PATH_OR_URL}.`,
    });
  }
  if (isBlobLike(input)) return checkSize(blobSource(input), declaredSize);
  if (input instanceof ArrayBuffer)
    return checkSize(bytesSource(new Uint8Array(input)), declaredSize);
  if (ArrayBuffer.isView(input)) {
    const bytes = new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
    return checkSize(bytesSource(bytes), declaredSize);
  }
  if (isObject(input) && typeof input.getReader === 'function') {
    const size = streamSize(declaredSize);
    return streamSource(size, webChunks(input as unknown as ReadableStream<unknown>));
  }
  if (isObject(input) && typeof input.pipe === 'function' && Symbol.asyncIterator in input) {
    const size = streamSize(declaredSize);
    return streamSource(size, (input as unknown as AsyncIterable<unknown>)[Symbol.asyncIterator]());
  }
  throw new ValidationError({ option: 'input', received: input, allowed: PATH_OR_URL });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

// Duck-typed rather than `instanceof Blob`: Blobs from another realm (an iframe, jsdom, a
// polyfill) are Blobs all the same.
function isBlobLike(value: unknown): value is BlobLike {
  return (
    isObject(value) &&
    typeof value.size === 'number' &&
    typeof value.type === 'string' &&
    typeof value.slice === 'function' &&
    typeof value.arrayBuffer === 'function'
  );
}

/** Rejects an empty source, and a declared `size` that is not the source's own. */
function checkSize(source: UploadSource, declared: number | undefined): UploadSource {
  if (source.size === 0) {
    throw new ValidationError({
      option: 'input',
      received: 'an empty input (0 bytes)',
      allowed: 'at least 1 byte: Filestack does not store empty files',
    });
  }
  if (declared !== undefined && declared !== source.size) {
    throw new ValidationError({
      option: 'size',
      received: declared,
      allowed: `the input's own size (${source.size} bytes) or nothing: size is for streams`,
    });
  }
  return source;
}

function streamSize(declared: number | undefined): number {
  if (declared === undefined || !Number.isSafeInteger(declared) || declared < 1) {
    throw new ValidationError({
      option: 'size',
      received: declared,
      allowed: 'the exact byte length of the stream, an integer of at least 1 (streams need it)',
    });
  }
  return declared;
}

function blobSource(blob: BlobLike): UploadSource {
  return {
    size: blob.size,
    name: typeof blob.name === 'string' && blob.name !== '' ? blob.name : undefined,
    type: blob.type || undefined,
    // Only a Blob of this realm is sure to be sent as bytes by this realm's XMLHttpRequest and
    // fetch; a foreign one (jsdom's, a polyfill's) is read like the other inputs.
    blob: typeof Blob === 'function' && blob instanceof Blob ? blob : undefined,
    async read(offset, length) {
      try {
        return new Uint8Array(await blob.slice(offset, offset + length).arrayBuffer());
      } catch (error) {
        throw readFailed(error);
      }
    },
    finish: async () => {},
    cancel() {},
    lastModified: blob.lastModified,
  };
}

function bytesSource(bytes: Uint8Array): UploadSource {
  return {
    size: bytes.length,
    read: async (offset, length) => bytes.subarray(offset, offset + length),
    finish: async () => {},
    cancel() {},
  };
}

function webChunks(stream: ReadableStream<unknown>): AsyncIterator<unknown> & { cancel(): void } {
  const reader = stream.getReader();
  return {
    next: () => reader.read() as Promise<IteratorResult<unknown>>,
    cancel: () => {
      reader.cancel().catch(() => {});
    },
  };
}

/**
 * A stream read part by part, in order. Reads are chained, so concurrent callers line up, and
 * each fills a fresh buffer of exactly its part's length: nothing else is held.
 */
function streamSource(
  size: number,
  chunks: AsyncIterator<unknown> & { cancel?(): void; return?(): unknown },
): UploadSource {
  let position = 0;
  let pending: Uint8Array | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  let ended = false;

  const nextChunk = async (): Promise<Uint8Array | undefined> => {
    if (pending) {
      const chunk = pending;
      pending = undefined;
      return chunk;
    }
    if (ended) return undefined;
    let result: IteratorResult<unknown>;
    try {
      result = await chunks.next();
    } catch (error) {
      throw inputError('Reading the input stream failed', error);
    }
    if (result.done) {
      ended = true;
      return undefined;
    }
    const { value } = result;
    if (!(value instanceof Uint8Array)) {
      throw new ValidationError({
        option: 'input',
        received: value,
        allowed: 'a stream of bytes (Uint8Array or Buffer chunks), not of text or objects',
      });
    }
    return value;
  };

  const fill = async (offset: number, length: number): Promise<Uint8Array> => {
    if (offset !== position) {
      throw new FilestackError(
        `A stream is read in order: asked for byte ${offset} at ${position}`,
        {
          code: 'INPUT',
        },
      );
    }
    const part = new Uint8Array(length);
    let filled = 0;
    while (filled < length) {
      const chunk = await nextChunk();
      if (!chunk) {
        throw inputError(
          `The input stream ended after ${position + filled} bytes but its declared size is ${size}`,
        );
      }
      const take = Math.min(chunk.length, length - filled);
      part.set(chunk.subarray(0, take), filled);
      filled += take;
      if (take < chunk.length) pending = chunk.subarray(take);
    }
    position += length;
    return part;
  };

  // The first chunks, joined (copied only when the first is shorter than asked) and put back
  // as the pending chunk: the first part still starts at byte 0. Only asked before any read.
  const peekHead = async (length: number): Promise<Uint8Array> => {
    let head: Uint8Array = new Uint8Array(0);
    while (head.length < length) {
      const next = await nextChunk();
      if (!next) break;
      if (head.length === 0) head = next;
      else {
        const joined = new Uint8Array(head.length + next.length);
        joined.set(head);
        joined.set(next, head.length);
        head = joined;
      }
    }
    pending = head.length > 0 ? head : undefined;
    return head.subarray(0, length);
  };

  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task);
    queue = run.catch(() => {});
    return run;
  };

  return {
    size,
    sequential: true,
    read: (offset, length) => serial(() => fill(offset, length)),
    peek: (length) => serial(() => peekHead(length)),
    finish: () =>
      serial(async () => {
        for (let chunk = await nextChunk(); chunk; chunk = await nextChunk()) {
          if (chunk.length > 0) {
            throw inputError(`The input stream holds more bytes than its declared size ${size}`);
          }
        }
      }),
    cancel() {
      if (ended) return;
      ended = true;
      if (chunks.cancel) chunks.cancel();
      else Promise.resolve(chunks.return?.()).catch(() => {});
    },
  };
}

/** Reading a Blob failed; `cause` is the error, or its text when it came from a Worker. */
export function readFailed(cause: unknown): FilestackError {
  return inputError('Reading the input failed (was the file changed or removed?)', cause);
}

function inputError(message: string, cause?: unknown): FilestackError {
  const reason =
    cause instanceof Error ? `: ${cause.message}` : typeof cause === 'string' ? `: ${cause}` : '';
  return new FilestackError(`${message}${reason}`, { code: 'INPUT', cause });
}
