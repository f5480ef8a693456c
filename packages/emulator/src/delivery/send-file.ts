import { open } from 'node:fs/promises';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { EmulatorContext } from '../context.js';
import { ReplyError } from '../http/replies.js';
import { type Dimensions, imageDimensions } from '../processing/image-size.js';
import { EAGER_HASHES, type FileRecord, type HashName, LAZY_HASHES } from '../store/file-store.js';

type Query = Record<string, string | string[] | undefined>;

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** A query flag: `true`/`1` (any case) is yes. */
export function flag(query: Query, name: string): boolean {
  const value = first(query[name])?.toLowerCase();
  return value === 'true' || value === '1' || value === '';
}

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
 * Sends a stored file as the CDN and the file API do (spec 6.1): its type, length, quoted MD5
 * ETag, `X-File-Name` (Java reads it), `Content-Disposition` (attachment with `dl=true`),
 * conditional GET and single byte ranges. The bytes stream from disk.
 */
export async function sendStoredFile(
  ctx: EmulatorContext,
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
    handle = await open(ctx.files.bytesPath(file.handle), 'r');
  } catch {
    throw new ReplyError(404, 'File not found');
  }
  return reply.send(handle.createReadStream({ start, end, highWaterMark: 1024 * 1024 }));
}

const ALL_FLAGS = [
  'size',
  'mimetype',
  'filename',
  'width',
  'height',
  'uploaded',
  'writeable',
  'cloud',
  'source_url',
  ...EAGER_HASHES,
  ...LAZY_HASHES,
  'location',
  'path',
  'container',
  'key',
  'exif',
] as const;

/** The cheap set answered when no flag is asked (spec 6.4; Go also expects `key`). */
const DEFAULT_FLAGS = [
  'size',
  'mimetype',
  'filename',
  'uploaded',
  'writeable',
  'location',
  'path',
  'container',
  'key',
];

/**
 * Which metadata fields a query asks for (JS also spells `source_url` as `sourceUrl`), plus
 * those a `metadata=params:[...]` task lists.
 */
export function requestedMetadata(query: Query, listed: readonly unknown[] = []): string[] {
  const asked = ALL_FLAGS.filter(
    (name) =>
      flag(query, name) ||
      listed.includes(name) ||
      (name === 'source_url' && flag(query, 'sourceUrl')),
  );
  return asked.length > 0 ? asked : DEFAULT_FLAGS;
}

/**
 * The metadata object of a file (spec 6.4); digests are lower-case hex, `width`/`height` read
 * from the image header (null for other files). `dimensions` is given for files not in the
 * store (a processing result).
 */
export async function metadataAnswer(
  ctx: EmulatorContext,
  file: FileRecord,
  fields: readonly string[],
  dimensions?: Dimensions,
): Promise<Record<string, unknown>> {
  const hashes = fields.filter((f): f is HashName =>
    (EAGER_HASHES as readonly string[]).concat(LAZY_HASHES).includes(f),
  );
  const withHashes = await ctx.files.ensureHashes(file, hashes);
  const pixels =
    fields.includes('width') || fields.includes('height')
      ? (dimensions ?? (await imageDimensions(ctx.files.bytesPath(file.handle), file.mimetype)))
      : undefined;
  const values: Record<string, unknown> = {
    size: file.size,
    mimetype: file.mimetype,
    filename: file.filename,
    width: pixels?.width ?? null,
    height: pixels?.height ?? null,
    uploaded: file.uploaded,
    writeable: true,
    cloud: false,
    source_url: file.sourceUrl ?? null,
    location: file.location,
    path: file.key,
    container: file.container,
    key: file.key,
    exif: null,
  };
  const out: Record<string, unknown> = {};
  for (const name of fields) {
    out[name] = hashes.includes(name as HashName)
      ? withHashes.hashes[name as HashName]
      : values[name];
  }
  return out;
}
