import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import {
  AbortError,
  DEFAULT_RETRY,
  KEPT_BODY_BYTES,
  redactUrl,
  TimeoutError,
  toFilestackError,
} from '@fs/core';
import {
  type PartRequest,
  type PartResponse,
  type PartTransport,
  partHttpError,
} from './transport.js';

/**
 * Bytes handed to the socket per write. Progress is reported as each write is flushed, so this
 * is the progress granularity (well under the 1 MiB promise); larger writes did not go faster
 * on loopback.
 */
const WRITE_BYTES = 256 * 1024;

/**
 * Part PUTs over `node:http`/`node:https`: the body goes out in slices straight from the part
 * buffer with `Content-Length` set (S3 presigned PUTs refuse chunked bodies), and progress
 * counts bytes the socket accepted. Node's global agent keeps connections alive.
 */
export const nodeTransport: PartTransport = async (part) => {
  const { body } = part;
  // Uploads in Node hand over bytes; a Blob body (from a caller of this transport) is read first.
  return putBytes(part, ArrayBuffer.isView(body) ? body : new Uint8Array(await body.arrayBuffer()));
};

function putBytes(part: PartRequest, body: Uint8Array): Promise<PartResponse> {
  return new Promise<PartResponse>((resolve, reject) => {
    const { url, headers, signal } = part;
    if (signal.aborted) {
      reject(new AbortError(undefined, signal.reason));
      return;
    }
    let settled = false;
    const finish = (error: Error | undefined, value?: PartResponse) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      if (error) {
        req.destroy();
        reject(error);
      } else resolve(value!);
    };
    const onAbort = () => finish(new AbortError(undefined, signal.reason));
    const send = url.startsWith('https:') ? httpsRequest : httpRequest;
    const req = send(url, {
      method: 'PUT',
      headers: { ...headers, 'Content-Length': String(body.length) },
    });
    signal.addEventListener('abort', onAbort, { once: true });
    // An idle timer, not a total one: a slow link that keeps moving bytes is not cut off.
    req.setTimeout(part.idleTimeout, () =>
      finish(new TimeoutError(`PUT ${redactUrl(url)} moved no bytes for ${part.idleTimeout} ms`)),
    );
    const failed = (error: Error) => finish(toFilestackError(error, 'PUT', url));
    req.on('error', failed);
    req.on('response', (res: IncomingMessage) => {
      // The answer is read to its end (so the connection can be reused), but only its first
      // 64 KiB are kept: an error quotes no more.
      const chunks: Buffer[] = [];
      let kept = 0;
      res.on('data', (chunk: Buffer) => {
        if (kept < KEPT_BODY_BYTES) chunks.push(chunk);
        kept += chunk.length;
      });
      res.on('error', failed);
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        if (status >= 200 && status < 300) {
          const etag = res.headers.etag;
          finish(undefined, { status, etag: typeof etag === 'string' && etag ? etag : undefined });
          return;
        }
        const answer = new Headers();
        for (const [name, value] of Object.entries(res.headers)) {
          if (typeof value === 'string') answer.set(name, value);
        }
        finish(
          partHttpError(
            status,
            url,
            Buffer.concat(chunks).subarray(0, KEPT_BODY_BYTES).toString('utf8'),
            answer,
            DEFAULT_RETRY.statusCodes,
          ),
        );
      });
    });
    writeBody(req, body, part.onProgress);
  });
}

function writeBody(
  req: ReturnType<typeof httpRequest>,
  body: Uint8Array,
  onProgress: (sent: number) => void,
): void {
  let offset = 0;
  const next = () => {
    while (offset < body.length) {
      const end = Math.min(offset + WRITE_BYTES, body.length);
      const slice = body.subarray(offset, end);
      offset = end;
      const more = req.write(slice, (error) => {
        if (!error) onProgress(end);
      });
      if (!more) {
        req.once('drain', next);
        return;
      }
    }
    req.end();
  };
  next();
}
