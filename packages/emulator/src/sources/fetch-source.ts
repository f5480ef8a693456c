import { Readable } from 'node:stream';
import { ReplyError } from '../http/replies.js';

/** Limits on fetching external URLs (store from URL, overwrite with `url=`, CDN URL sources). */
export interface ExternalFetchOptions {
  /**
   * Milliseconds to wait for the source's answer, and then for each piece of its body; a source
   * that stays silent longer is abandoned with a 400.
   * @default 30000
   */
  timeout?: number;
  /**
   * Largest source in bytes: a bigger `Content-Length` is refused before reading, and a body
   * that grows past it is cut off, with a 400.
   * @default 1073741824 (1 GiB)
   */
  maxSize?: number;
  /**
   * Redirects followed; each target is checked like the first URL (scheme and policy `url`).
   * @default 10
   */
  maxRedirects?: number;
}

export type FetchLimits = Required<ExternalFetchOptions>;

const DEFAULT_FETCH_LIMITS: FetchLimits = {
  timeout: 30_000,
  maxSize: 1024 * 1024 * 1024,
  // As the JS SDK's node adapter follows them.
  maxRedirects: 10,
};

/** The limits of `options`, with the defaults filled in. */
export function fetchLimits(options: ExternalFetchOptions = {}): FetchLimits {
  return {
    timeout: options.timeout ?? DEFAULT_FETCH_LIMITS.timeout,
    maxSize: options.maxSize ?? DEFAULT_FETCH_LIMITS.maxSize,
    maxRedirects: options.maxRedirects ?? DEFAULT_FETCH_LIMITS.maxRedirects,
  };
}

/** How one request may fetch external URLs: the emulator's limits plus the request's own rules. */
export interface FetchRules {
  readonly limits: FetchLimits;
  /**
   * Headers the caller named for this source (`/process` `{source, headers}`), sent to the
   * source's origin only: a redirect to another origin drops them.
   */
  readonly headers?: Record<string, string>;
  /** Throws to refuse a URL (the policy's `url`); called for the URL and every redirect target. */
  readonly allowUrl?: (url: string) => void;
}

/** An external file being fetched, as a stream. */
export interface FetchedSource {
  body: Readable;
  /** The Content-Type the source answered, if any. */
  mimetype?: string;
  /** From Content-Disposition, else the last path segment of the URL. */
  filename: string;
  size?: number;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

function filenameOf(url: URL, disposition: string | null): string {
  const star = disposition && /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (star) return decodeURIComponent(star[1]!);
  const plain = disposition && /filename="?([^";]+)"?/i.exec(disposition);
  if (plain) return plain[1]!;
  const last = url.pathname.split('/').filter(Boolean).pop();
  try {
    return last ? decodeURIComponent(last) : 'file';
  } catch {
    return last ?? 'file';
  }
}

function httpUrl(url: string, base?: URL): URL | undefined {
  try {
    const parsed = new URL(url, base);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Aborts a fetch when the source stays silent for `ms`; armed only while waiting on it. */
class SilenceTimer {
  readonly controller = new AbortController();
  #timer: NodeJS.Timeout | undefined;

  constructor(private readonly ms: number) {}

  arm(): void {
    this.disarm();
    this.#timer = setTimeout(() => this.controller.abort(), this.ms);
  }

  disarm(): void {
    clearTimeout(this.#timer);
  }

  get fired(): boolean {
    return this.controller.signal.aborted;
  }
}

/**
 * The body of an answer, piece by piece, within the size cap and the silence timeout. The timer
 * runs only while waiting on the source, never while the reader (a disk write) is busy.
 */
async function* limitedBody(
  body: ReadableStream<Uint8Array>,
  url: string,
  limits: FetchLimits,
  silence: SilenceTimer,
): AsyncGenerator<Uint8Array> {
  const reader = body.getReader();
  let size = 0;
  try {
    for (;;) {
      silence.arm();
      let piece: ReadableStreamReadResult<Uint8Array>;
      try {
        piece = await reader.read();
      } catch (error) {
        throw fetchFailure(url, error, silence, limits);
      } finally {
        silence.disarm();
      }
      if (piece.done) return;
      size += piece.value.length;
      if (size > limits.maxSize) throw tooLarge(url, limits);
      yield piece.value;
    }
  } finally {
    reader.cancel().catch(() => {});
  }
}

function tooLarge(url: string, limits: FetchLimits): ReplyError {
  return new ReplyError(
    400,
    `cannot fetch ${url}: larger than ${limits.maxSize} bytes (the emulator's externalFetch.maxSize)`,
  );
}

function fetchFailure(
  url: string,
  error: unknown,
  silence: SilenceTimer,
  limits: FetchLimits,
): ReplyError {
  if (silence.fired) {
    return new ReplyError(
      400,
      `cannot fetch ${url}: no answer for ${limits.timeout} ms (the emulator's externalFetch.timeout)`,
    );
  }
  const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
  return new ReplyError(400, `cannot fetch ${url}: ${cause}`);
}

/**
 * Fetches an external URL for store-from-URL, overwrite with `url=` and CDN delivery of URLs.
 * Redirects are followed by hand, so each target is checked like the first URL. A failure
 * (network, non-2xx, a limit) is a 400 naming the URL and the cause; a refused URL is whatever
 * `rules.allowUrl` throws.
 */
export async function fetchSource(url: string, rules: FetchRules): Promise<FetchedSource> {
  const { limits } = rules;
  const first = httpUrl(url);
  if (!first) throw new ReplyError(400, `invalid source url: ${url}`);
  const silence = new SilenceTimer(limits.timeout);
  let target = first;
  for (let redirects = 0; ; redirects++) {
    rules.allowUrl?.(target.href);
    let response: Response;
    silence.arm();
    try {
      response = await fetch(target, {
        headers: target.origin === first.origin ? rules.headers : undefined,
        redirect: 'manual',
        signal: silence.controller.signal,
      });
    } catch (error) {
      throw fetchFailure(url, error, silence, limits);
    } finally {
      silence.disarm();
    }
    const location = response.headers.get('location');
    if (REDIRECTS.has(response.status) && location !== null) {
      await response.body?.cancel();
      if (redirects === limits.maxRedirects) {
        throw new ReplyError(
          400,
          `cannot fetch ${url}: more than ${limits.maxRedirects} redirects`,
        );
      }
      const next = httpUrl(location, target);
      if (!next) throw new ReplyError(400, `cannot fetch ${url}: redirected to a non-HTTP URL`);
      target = next;
      continue;
    }
    if (!response.ok || !response.body) {
      await response.body?.cancel();
      throw new ReplyError(400, `cannot fetch ${url}: HTTP ${response.status}`);
    }
    const length = response.headers.has('content-length')
      ? Number(response.headers.get('content-length'))
      : undefined;
    if (length !== undefined && length > limits.maxSize) {
      await response.body.cancel();
      throw tooLarge(url, limits);
    }
    return {
      body: Readable.from(limitedBody(response.body, url, limits, silence), { objectMode: false }),
      mimetype: response.headers.get('content-type') ?? undefined,
      filename: filenameOf(first, response.headers.get('content-disposition')),
      size: length !== undefined && Number.isFinite(length) ? length : undefined,
    };
  }
}
