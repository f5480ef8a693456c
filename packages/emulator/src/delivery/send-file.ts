import { open } from 'node:fs/promises';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { first, flag, type Query } from '../http/query.js';
import { ReplyError } from '../http/replies.js';
import type { FileRecord, FileStore } from '../store/file-store.js';

/** `inline` (or `attachment`) with the name in ASCII and in UTF-8 (RFC 6266). */
export function contentDisposition(filename: string, download: boolean): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const type = download ? 'attachment' : 'inline';
  return `${type}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/** Parses a single `bytes=` range; undefined means "send everything" (none, or several). */
function parseRange(
  header: string | undefined,
  size: number,
): { start: number; end: number } | 'unsatisfiable' | undefined {
  if (!header) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return undefined;
  const [, from, to] = match;
  if (from === '' && to === '') return undefined;
  let start: number;
  let end: number;
  if (from === '') {
    const suffix = Number(to);
    if (suffix === 0) return 'unsatisfiable';
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(from);
    end = to === '' ? size - 1 : Math.min(Number(to), size - 1);
  }
  if (start >= size || start > end) return 'unsatisfiable';
  return { start, end };
}

/**
 * Sends a stored file as the CDN and the file API do (docs/protocol.md#download): its type, length,
 * quoted MD5 ETag, `X-File-Name` (Java reads it), `Content-Disposition` (attachment with
 * `dl=true`), conditional GET and single byte ranges. The bytes stream from disk.
 */
export async function sendStoredFile(
  files: FileStore,
  request: FastifyRequest,
  reply: FastifyReply,
  file: FileRecord,
): Promise<FastifyReply> {
  const query = request.query as Query;
  const etag = `"${file.hashes.md5}"`;
  reply
    .header('etag', etag)
    .header('accept-ranges', 'bytes')
    .header('last-modified', new Date(file.uploaded).toUTCString())
    .header('x-file-name', encodeURIComponent(file.filename))
    .header('content-disposition', contentDisposition(file.filename, flag(query, 'dl')))
    .header('content-type', file.mimetype);
  if (first(query.cache) === 'false') {
    reply.header('cache-control', 'no-cache');
  }
  const ifNoneMatch = request.headers['if-none-match'];
  if (ifNoneMatch?.split(',').some((tag) => tag.trim() === etag || tag.trim() === '*')) {
    return reply.code(304).send();
  }
  const range = parseRange(request.headers.range, file.size);
  if (range === 'unsatisfiable') {
    return reply
      .code(416)
      .header('content-range', `bytes */${file.size}`)
      .type('text/plain; charset=utf-8')
      .send('Requested Range Not Satisfiable');
  }
  const start = range?.start ?? 0;
  const end = range?.end ?? file.size - 1;
  if (range) reply.code(206).header('content-range', `bytes ${start}-${end}/${file.size}`);
  reply.header('content-length', String(end - start + 1));
  if (request.method === 'HEAD' || file.size === 0) return reply.send();
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(files.bytesPath(file), 'r');
  } catch {
    throw new ReplyError(404, 'File not found');
  }
  return reply.send(handle.createReadStream({ start, end, highWaterMark: 1024 * 1024 }));
}
