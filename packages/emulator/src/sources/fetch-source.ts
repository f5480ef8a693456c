import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { ReplyError } from '../http/replies.js';

/** An external file being fetched, as a stream. */
export interface FetchedSource {
  body: Readable;
  /** The Content-Type the source answered, if any. */
  mimetype?: string;
  /** From Content-Disposition, else the last path segment of the URL. */
  filename: string;
  size?: number;
}

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

/**
 * Fetches an external URL for store-from-URL, overwrite with `url=` and CDN delivery of URLs.
 * A failure (network, non-2xx) is a 400 naming the URL and the cause.
 */
export async function fetchSource(
  url: string,
  headers: Record<string, string> = {},
): Promise<FetchedSource> {
  let parsed: URL;
  try {
    parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error();
  } catch {
    throw new ReplyError(400, `invalid source url: ${url}`);
  }
  let response: Response;
  try {
    response = await fetch(parsed, { headers, redirect: 'follow' });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    throw new ReplyError(400, `cannot fetch ${url}: ${cause}`);
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    throw new ReplyError(400, `cannot fetch ${url}: HTTP ${response.status}`);
  }
  const length = Number(response.headers.get('content-length'));
  return {
    body: Readable.fromWeb(response.body as unknown as WebReadableStream<Uint8Array>),
    mimetype: response.headers.get('content-type') ?? undefined,
    filename: filenameOf(parsed, response.headers.get('content-disposition')),
    size: Number.isFinite(length) && response.headers.has('content-length') ? length : undefined,
  };
}
