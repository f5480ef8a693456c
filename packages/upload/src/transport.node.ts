import { type ClientRequest, request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Duplex } from 'node:stream';
import { connect as tlsConnect } from 'node:tls';
import {
  AbortError,
  DEFAULT_RETRY,
  KEPT_BODY_BYTES,
  proxyAuthorization,
  proxyForUrl,
  redactUrl,
  TimeoutError,
  toFilestackError,
} from '@fs/core';
import { readFailed } from './input.js';
import { bodySize, type PartResponse, type PartTransport, partHttpError } from './transport.js';

/**
 * The most bytes handed to the socket per write. Progress is reported as each write is flushed,
 * so this bounds the progress steps (well under the 1 MiB promise); larger writes did not go
 * faster on loopback.
 */
const WRITE_BYTES = 256 * 1024;

/**
 * Part PUTs over `node:http`/`node:https`, with `Content-Length` set (S3 presigned PUTs refuse
 * chunked bodies); progress counts bytes the socket accepted. Bytes go out in slices of
 * themselves; a Blob (a slice of a file from `openFile`) is streamed, so only a few of its
 * 64 KiB pieces are ever in memory. Node's global agent keeps connections alive. When
 * `HTTPS_PROXY`/`HTTP_PROXY` apply to the part URL (and `NO_PROXY` does not exclude it), the PUT
 * goes through a CONNECT tunnel of that proxy, as the API calls do.
 */
export const nodeTransport: PartTransport = async (part) => {
  const proxy = proxyForUrl(part.url, process.env);
  if (!proxy) return put(part);
  const tunnel = await openTunnel(proxy, new URL(part.url), part.signal, part.idleTimeout);
  return put(part, tunnel);
};

/**
 * A CONNECT tunnel through `proxy` to the host of `target`, TLS inside it for https. Fails like
 * a part PUT: a refused tunnel is the proxy's HTTP error, a silent proxy a timeout.
 */
function openTunnel(
  proxy: URL,
  target: URL,
  signal: AbortSignal,
  idleTimeout: number,
): Promise<Duplex> {
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  const authority = `${target.hostname}:${port}`;
  const authorization = proxyAuthorization(proxy);
  return new Promise<Duplex>((resolve, reject) => {
    const request = httpRequest({
      host: proxy.hostname.replace(/^\[|\]$/g, ''),
      port: proxy.port || 80,
      method: 'CONNECT',
      path: authority,
      headers: { host: authority, ...(authorization && { 'proxy-authorization': authorization }) },
      signal,
    });
    request.setTimeout(idleTimeout, () =>
      request.destroy(new TimeoutError(`CONNECT ${authority} through the proxy: no answer`)),
    );
    request.on('error', (error) =>
      reject(
        signal.aborted
          ? new AbortError(undefined, signal.reason)
          : toFilestackError(error, 'PUT', target.href),
      ),
    );
    request.on('connect', (answer, socket) => {
      request.setTimeout(0);
      if (answer.statusCode !== 200) {
        socket.destroy();
        reject(
          partHttpError(
            answer.statusCode ?? 0,
            target.href,
            '',
            new Headers(),
            DEFAULT_RETRY.statusCodes,
          ),
        );
        return;
      }
      resolve(
        target.protocol === 'https:' ? tlsConnect({ socket, servername: target.hostname }) : socket,
      );
    });
    request.end();
  });
}

/** One PUT, on a new connection through `tunnel` when there is one. */
const put = (part: Parameters<PartTransport>[0], tunnel?: Duplex) =>
  new Promise<PartResponse>((resolve, reject) => {
    const { url, headers, signal, body } = part;
    if (signal.aborted) {
      tunnel?.destroy();
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
      headers: { ...headers, 'Content-Length': String(bodySize(body)) },
      ...(tunnel && { agent: false, createConnection: () => tunnel }),
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
    // A Blob that cannot be read (its file changed or went away) is the input's fault: no retry.
    writeBody(req, body, part.onProgress, () => settled).catch((error: unknown) =>
      finish(readFailed(error)),
    );
  });

/** Writes `body` to `req` and ends it, waiting for the socket to drain; stops once `stopped`. */
async function writeBody(
  req: ClientRequest,
  body: Uint8Array | Blob,
  onProgress: (sent: number) => void,
  stopped: () => boolean,
): Promise<void> {
  let sent = 0;
  for await (const piece of piecesOf(body)) {
    if (stopped()) return;
    sent += piece.length;
    const at = sent;
    const more = req.write(piece, (error) => {
      if (!error) onProgress(at);
    });
    if (!more) await drained(req);
  }
  if (!stopped()) req.end();
}

/** `body` in pieces of at most `WRITE_BYTES` to write: bytes, or what a Blob's stream reads. */
async function* piecesOf(body: Uint8Array | Blob): AsyncGenerator<Uint8Array> {
  if (ArrayBuffer.isView(body)) {
    yield* slices(body);
    return;
  }
  const reader = body.stream().getReader();
  try {
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      yield* slices(read.value);
    }
  } finally {
    // Stopped early (an abort, a timeout): the file is read no further.
    reader.cancel().catch(() => {});
  }
}

function* slices(bytes: Uint8Array): Generator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += WRITE_BYTES) yield bytes.subarray(at, at + WRITE_BYTES);
}

/** Resolves when `req` can take more bytes, or is closed (aborted, timed out, failed). */
function drained(req: ClientRequest): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      req.off('drain', done);
      req.off('close', done);
      resolve();
    };
    req.on('drain', done);
    req.on('close', done);
  });
}
