/** What an error keeps of a body it quotes (an error answer, a PUT's answer): the first 64 KiB. */
export const KEPT_BODY_BYTES = 65_536;

/**
 * Reads `body` to its end, or its first `limit` bytes (what follows is cancelled, so a huge
 * answer is never downloaded to be dropped).
 */
export async function readBytes(
  body: ReadableStream<Uint8Array> | null,
  limit = Number.POSITIVE_INFINITY,
): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = body?.getReader();
  try {
    while (reader && size < limit) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    // Nothing to stop once the body ended; otherwise this stops what was not read.
    reader?.cancel().catch(() => {});
  }
  const bytes = new Uint8Array(Math.min(size, limit));
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk.subarray(0, bytes.length - at), at);
    at += chunk.byteLength;
  }
  return bytes;
}

/** A body as the SDK reads it: JSON when it says so (or looks like it), otherwise text. */
export function parseBody(text: string, contentType: string | null): unknown {
  if (text === '') return undefined;
  if (contentType?.includes('json') || /^\s*[{[]/.test(text)) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

/**
 * Reads an answer as {@link parseBody} does: JSON, text, or `undefined` when empty. At most
 * `limit` bytes are read.
 */
export async function readBody(response: Response, limit?: number): Promise<unknown> {
  const bytes = await readBytes(response.body, limit);
  return parseBody(new TextDecoder().decode(bytes), response.headers.get('content-type'));
}
