import {
  assertApikey,
  checkSignal,
  createHttp,
  type HostOptions,
  type Hosts,
  type HttpClient,
  type HttpOptions,
  MAX_TIMER_MS,
  optionalFunction,
  optionalInteger,
  type RetryPolicy,
  resolveHosts,
  type SecurityOption,
  type SecuritySource,
  type StoreOptions,
  securitySource,
  ValidationError,
  validateStoreOptions,
} from '@fs/core';
import type { ResumeEngine, ResumeHook } from './resume-engine.js';
import {
  RESUME_ENGINE,
  type ResumeOptions,
  type ResumeReport,
  type ResumeStore,
} from './resume-store.js';
import type { MimetypeSniffer } from './sniff-mimetype.js';
import {
  type FilenameOption,
  type SanitizeOption,
  storedName,
  type UploadFileInfo,
} from './stored-name.js';
import { createFetchTransport } from './transport.fetch.js';
import type { PartTransport } from './transport.js';

/** Progress of an upload, in bytes. */
export interface UploadProgress {
  /** Bytes sent so far (a resent part counts once). Never decreases. */
  loaded: number;
  /** Bytes in all. */
  total: number;
  /**
   * Whole percent, never decreasing. It stops at 99 while bytes are in flight and the upload
   * is being completed; 100 is reported exactly once, after the service confirmed the file.
   */
  percent: number;
}

/** Options of `upload`, `createUpload` and `uploadMany`. */
export interface UploadOptions extends HostOptions, HttpOptions {
  /** Your Filestack API key. */
  apikey: string;
  /** A signed policy, or a provider that is asked again before expiry and after a rejection. */
  security?: SecurityOption;
  /**
   * Where and how to store the file; `filename` (text, or a function of the file) and
   * `mimetype` name the stored file, `altText` describes an image.
   */
  store?: UploadStoreOptions;
  /** Upload tags (`upload_tags`): at most 10, keys up to 128 and values up to 256 characters. */
  tags?: Record<string, string>;
  /**
   * Cleans the stored file's name: `true` replaces path separators, control characters and
   * characters reserved in URLs and file systems with `-` (see `sanitizeFilename`), `false`
   * sends the name as it is, a function returns the name to send. On by default: names often
   * come from end users' files, and a `/` or a control character in one would reach the
   * storage key and the download headers.
   *
   * @default true
   * @example
   * upload(file, { apikey, sanitize: (name) => name.normalize('NFC').replace(/\s+/g, '_') });
   */
  sanitize?: SanitizeOption;
  /**
   * Intelligent Ingestion (docs/protocol.md#intelligent-ingestion): `true` asks for it (the upload
   * runs regular, and says so in `mode`, when the app does not have it); `'fallback'` sends parts
   * the regular way and switches to Intelligent Ingestion when a part fails.
   * @default false
   */
  intelligent?: boolean | 'fallback';
  /**
   * Bytes per part, for regular uploads and Intelligent Ingestion alike (in `'fallback'` mode a
   * part may switch protocols). The default is the Intelligent Ingestion part size of every
   * Filestack SDK, grown when a file would need more than 10,000 parts. Filestack's storage (S3)
   * needs at least 5 MiB for every part but the last and rejects the upload otherwise; smaller
   * values are for tests against `@fs/emulator`.
   * @default 8388608 (8 MiB)
   */
  partSize?: number;
  /**
   * Intelligent Ingestion: the size of a part's first chunk. A failed chunk is tried once more
   * at its size (after the retry delay), then halved, down to 32 KiB, where it is tried as
   * often as `retry` allows. After 4 chunks in a row the size doubles again, up to the part
   * size. Each part keeps its own size; a new part starts at the last size that was stored.
   * @default the whole part (`partSize`)
   */
  chunkSize?: number;
  /**
   * Parts in flight at once, 1 to 20. A stream input holds about `concurrency x partSize` in
   * memory; Blobs and files are streamed and hold far less.
   * @default 4
   */
  concurrency?: number;
  /**
   * Send the MD5 of every part or chunk so storage verifies it.
   * @default true
   */
  integrity?: boolean;
  /** The exact byte length of a stream input (required for streams, ignored otherwise). */
  size?: number;
  /**
   * Called as bytes leave (Node: at least every 256 KiB; browsers: when XMLHttpRequest reports,
   * about every 100 ms in Chromium; fetch: once per part) and once with 100 at the end. Errors
   * it throws are ignored.
   */
  onProgress?: (progress: UploadProgress) => void;
  /** Aborts the upload: in-flight requests stop, nothing more is sent, it rejects with AbortError. */
  signal?: AbortSignal;
  /**
   * How long `/multipart/complete` may keep answering 202 (still assembling) before the upload
   * fails with a TimeoutError, in ms.
   * @default 300000 (5 minutes)
   */
  completeTimeout?: number;
  /**
   * How long an upload may go without storage acknowledging a byte, in ms, before it fails
   * with the code `NO_PROGRESS`. It is checked whenever a part or chunk PUT fails, so a slow
   * link that keeps storing bytes is never cut off, and time spent waiting for a connection
   * slot (`uploadMany`) or for a stream input does not count. The other way an upload gives up
   * on a bad network is a part (`HttpError`, ...) or a 32 KiB chunk (`CHUNK_FAILED`) that
   * failed as often as `retry` allows.
   * @default 120000 (2 minutes)
   */
  progressTimeout?: number;
  /**
   * Sends part bytes.
   * @default a fetch transport over the `fetch` option when given; otherwise `node:http` in
   * Node, XMLHttpRequest where it exists, else fetch (see the README)
   */
  transport?: PartTransport;
  /**
   * Guesses the MIME type from the file's first 64 bytes when neither `store.mimetype`, the
   * Blob's own type nor (in Node) the file name gives one: JPEG, PNG, GIF, WebP, AVIF, HEIC,
   * PDF, ZIP, MP4, MOV, MP3, WAV, Ogg, WebM. Node uses this package's `sniffMimetype` unless
   * this is `false`. Browsers opt in by passing it, so a page that does not import it does not
   * carry it. Any function of the first bytes that answers a type or `undefined` will do.
   * @default sniffMimetype in Node, none elsewhere
   * @example
   * import { sniffMimetype, upload } from '@fs/upload';
   * await upload(bytes, { apikey: 'KEY', sniffMimetype });
   */
  sniffMimetype?: MimetypeSniffer | false;
  /**
   * Makes the upload resumable: after every part or chunk storage acknowledged, its state is
   * saved in this store (no secret, policy or signature), and a later run with the same input
   * and options, in another process, tab or day, sends only what is missing. A store, or
   * `{ store, maxAge, keepOnAbort }`. See "Resumable uploads" in the README.
   * @default undefined (not resumable)
   * @example
   * import { uploadFile, fileResumeStore } from '@fs/upload/node';
   * await uploadFile('big.mov', { apikey, resume: fileResumeStore('.fs-uploads') });
   */
  resume?: ResumeStore | ResumeOptions;
  /**
   * With `resume`: what identifies a bytes or stream input across runs (nothing else does, so
   * they need it), e.g. a database id. For files it is added to their own identity.
   * @default undefined
   */
  resumeKey?: string;
  /**
   * With `resume`: called once the upload knows how it begins (`'new'`, `'resumed'` or
   * `'restarted'` with a reason), and again if the service refuses a resumed upload midway.
   * Errors it throws are ignored.
   */
  onResumeState?: (report: ResumeReport) => void;
}

/** Store options of an upload: those of every store, plus a name computed from the file. */
export interface UploadStoreOptions extends Omit<StoreOptions, 'filename'> {
  /**
   * The stored file's name, or a function of the file that returns it (filestack-js allows the
   * same). Cleaned by `sanitize`.
   * @default the input's own name (a `File`'s, a path's), else `'untitled'`
   *
   * @example
   * store: { filename: ({ name, size }) => `${size}-${name ?? 'upload'}` }
   */
  filename?: FilenameOption;
  /** Alt text of an image (the service's `alt`), up to 125 characters. */
  altText?: string;
}

/** The runtime pieces each entry point (Node, browser) plugs in. */
export interface UploadRuntime {
  /**
   * Base64 MD5 of a part body: bytes, or in browsers the Blob slice the PUT sends, which the
   * hasher reads itself.
   */
  md5: (body: Uint8Array | Blob) => Promise<string>;
  transport: PartTransport;
  /**
   * MIME type from a file name's extension. Node only: in browsers a `File` already carries
   * the type the browser derived, and the map would cost bundle bytes for nothing.
   */
  mimetypeFromName?: (filename: string) => string | undefined;
  /** The sniffer used when the options name none (Node: `sniffMimetype`). */
  sniffMimetype?: MimetypeSniffer;
  /**
   * Send a Blob input's parts as slices of it, which the transport streams (browsers from the
   * file, Node in 256 KiB pieces), rather than as the bytes read from it.
   */
  blobBodies?: boolean;
}

/** Options checked and resolved once per upload. */
export interface UploadConfig {
  apikey: string;
  security: SecuritySource;
  /** Store options as sent to the API: without `filename`/`mimetype`, `location` filled. */
  store: Record<string, unknown>;
  /** The stored name, once `prepareUpload` has chosen it with `nameFor`. */
  filename: string | undefined;
  /** Chooses the stored name from the file (`store.filename`, then `sanitize`). */
  nameFor: (file: UploadFileInfo) => string;
  altText: string | undefined;
  mimetype: string | undefined;
  tags: Record<string, string> | undefined;
  intelligent: boolean | 'fallback';
  partSize: number | undefined;
  chunkSize: number | undefined;
  concurrency: number;
  integrity: boolean;
  hosts: Hosts;
  /** `@fs/core`'s HTTP layer, for every API call of the upload. */
  http: HttpClient;
  policy: RetryPolicy;
  /** Idle timeout of part PUTs, ms: the API calls' timeout. */
  timeout: number;
  completeTimeout: number;
  progressTimeout: number;
  onProgress: ((progress: UploadProgress) => void) | undefined;
  signal: AbortSignal | undefined;
  md5: UploadRuntime['md5'];
  transport: PartTransport;
  mimetypeFromName: UploadRuntime['mimetypeFromName'];
  sniffMimetype: MimetypeSniffer | undefined;
  blobBodies: boolean;
  /** Set when the upload is resumable. */
  resume: ResumeHook | undefined;
}

export const MIB = 1024 * 1024;
export const DEFAULT_PART_SIZE = 8 * MIB;
/** Below this an Intelligent Ingestion chunk is not split further (every official SDK agrees). */
export const MIN_CHUNK_SIZE = 32 * 1024;
export const MAX_PARTS = 10_000;
export const DEFAULT_CONCURRENCY = 4;
const MAX_CONCURRENCY = 20;
/** S3's limit for a single part. */
const MAX_PART_SIZE = 5 * 1024 * MIB;
const DEFAULT_COMPLETE_TIMEOUT = 300_000;
const DEFAULT_PROGRESS_TIMEOUT = 120_000;
const MAX_TAGS = 10;

/** Checks upload options before any request and resolves their defaults. */
export function resolveUploadOptions(options: unknown, runtime: UploadRuntime): UploadConfig {
  if (options === null || typeof options !== 'object') {
    throw new ValidationError({
      option: 'options',
      received: options,
      allowed: 'an options object with at least { apikey }',
    });
  }
  const given = options as UploadOptions;
  const apikey = assertApikey(given.apikey);
  const { filename, altText, ...others } = storeObject(given.store);
  const { mimetype, ...store } = validateStoreOptions(others);
  const sanitize = given.sanitize ?? true;
  if (typeof sanitize !== 'boolean' && typeof sanitize !== 'function') {
    throw new ValidationError({
      option: 'sanitize',
      received: sanitize,
      allowed: 'true, false or a function from a file name to the name to store',
    });
  }
  const intelligent = given.intelligent ?? false;
  if (intelligent !== true && intelligent !== false && intelligent !== 'fallback') {
    throw new ValidationError({
      option: 'intelligent',
      received: intelligent,
      allowed: "true, false or 'fallback'",
    });
  }
  const partSize = optionalInteger('partSize', given.partSize, 1, MAX_PART_SIZE);
  const chunkSize = optionalInteger('chunkSize', given.chunkSize, MIN_CHUNK_SIZE, MAX_PART_SIZE);
  const concurrency =
    optionalInteger('concurrency', given.concurrency, 1, MAX_CONCURRENCY) ?? DEFAULT_CONCURRENCY;
  const completeTimeout =
    optionalInteger('completeTimeout', given.completeTimeout, 0, MAX_TIMER_MS) ??
    DEFAULT_COMPLETE_TIMEOUT;
  const progressTimeout =
    optionalInteger('progressTimeout', given.progressTimeout, 1, MAX_TIMER_MS) ??
    DEFAULT_PROGRESS_TIMEOUT;
  const integrity = given.integrity ?? true;
  if (typeof integrity !== 'boolean') {
    throw new ValidationError({ option: 'integrity', received: integrity, allowed: 'a boolean' });
  }
  for (const name of ['onProgress', 'transport'] as const) optionalFunction(name, given[name]);
  // `false` turns off the runtime's default sniffer.
  const sniff = given.sniffMimetype;
  if (sniff !== false) optionalFunction('sniffMimetype', sniff);
  checkSignal(given.signal);
  // Checks timeout, retry, fetch and onRetry.
  const http = createHttp(given);
  return {
    apikey,
    security: securitySource(given.security),
    store: { location: 's3', ...store },
    filename: undefined,
    nameFor: (file) => storedName(filename, sanitize, file),
    altText: checkAltText(altText),
    mimetype,
    tags: checkTags(given.tags),
    intelligent,
    partSize,
    chunkSize,
    concurrency,
    integrity,
    hosts: resolveHosts(given),
    http,
    policy: http.policy,
    timeout: http.timeout,
    completeTimeout,
    progressTimeout,
    onProgress: given.onProgress,
    signal: given.signal,
    md5: runtime.md5,
    mimetypeFromName: runtime.mimetypeFromName,
    sniffMimetype: sniff === false ? undefined : (sniff ?? runtime.sniffMimetype),
    blobBodies: runtime.blobBodies === true,
    resume: given.resume === undefined ? undefined : resolveResume(given),
    // A caller's fetch carries every request, part bytes included (proxies, instrumentation).
    transport:
      given.transport ?? (given.fetch ? createFetchTransport(given.fetch) : runtime.transport),
  };
}

/**
 * `store` with `filename` and `altText`, the upload's own keys, apart from the options every
 * store takes. `base64decode` is refused here, saying where it works: the upload API stores the
 * bytes as they are sent.
 */
function storeObject(store: unknown): {
  filename?: FilenameOption;
  altText?: unknown;
  [key: string]: unknown;
} {
  if (store === null || typeof store !== 'object' || Array.isArray(store)) {
    // validateStoreOptions says what is wrong with it.
    return { ...validateStoreOptions(store) };
  }
  const { filename, ...others } = store as Record<string, unknown>;
  if ('base64decode' in others) {
    throw new ValidationError({
      option: 'store.base64decode',
      received: others.base64decode,
      allowed:
        'nothing here: the upload API stores the bytes as sent. Upload the decoded bytes, or decode a stored base64 file with the store task (storeTransform, filelink.store) or an overwrite, which take base64decode',
    });
  }
  if (filename !== undefined && typeof filename !== 'function') {
    // Checked with the other store options.
    validateStoreOptions({ filename });
  }
  return { ...others, filename: filename as FilenameOption | undefined };
}

const MAX_ALT_TEXT = 125;

/** Alt text per the service's limit: up to 125 characters. */
function checkAltText(altText: unknown): string | undefined {
  if (
    altText !== undefined &&
    (typeof altText !== 'string' || altText === '' || altText.length > MAX_ALT_TEXT)
  ) {
    throw new ValidationError({
      option: 'store.altText',
      received: altText,
      allowed: `text of 1 to ${MAX_ALT_TEXT} characters`,
    });
  }
  return altText;
}

/** Upload tags per the service's limits: at most 10, keys <= 128 and values <= 256 characters. */
export function checkTags(tags: unknown): Record<string, string> | undefined {
  if (tags === undefined) return undefined;
  const entries =
    tags !== null && typeof tags === 'object' && !Array.isArray(tags)
      ? Object.entries(tags as Record<string, unknown>)
      : undefined;
  const valid =
    entries !== undefined &&
    entries.length <= MAX_TAGS &&
    entries.every(
      ([key, value]) =>
        key.length >= 1 && key.length <= 128 && typeof value === 'string' && value.length <= 256,
    );
  if (!valid) {
    throw new ValidationError({
      option: 'tags',
      received: tags,
      allowed: `an object of at most ${MAX_TAGS} string values, keys of 1-128 and values of up to 256 characters`,
    });
  }
  return Object.fromEntries(entries) as Record<string, string>;
}

/**
 * The `resume` option and those that go with it, checked by the engine the store carries (so
 * their code is not in bundles that never resume).
 */
function resolveResume(given: UploadOptions): ResumeHook {
  const option = given.resume as Partial<ResumeOptions> | undefined;
  const store = (option?.store ?? option) as { [RESUME_ENGINE]?: ResumeEngine } | undefined;
  const engine = store?.[RESUME_ENGINE];
  if (!engine) {
    throw new ValidationError({ option: 'resume', received: option, allowed: 'a resume store' });
  }
  return engine(given);
}
