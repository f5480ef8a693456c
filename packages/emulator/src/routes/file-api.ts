import { Busboy } from '@fastify/busboy';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  answer,
  cdnUrl,
  DEFAULT_CONTAINER,
  type EmulatorContext,
  requireAccess,
  storageKey,
  track,
} from '../context.js';
import { flag, sendStoredFile } from '../delivery/send-file.js';
import { drain, injectFault } from '../faults/inject-fault.js';
import { ReplyError } from '../http/replies.js';
import { mediaType, readFields } from '../http/request-body.js';
import { newHandle } from '../ids.js';
import type { AccessRequest } from '../security/policy.js';
import { fetchSource } from '../sources/fetch-source.js';
import { storeSource } from '../sources/store-source.js';
import { decodeBase64Stream } from '../store/base64-stream.js';
import type { ByteSource, FileRecord } from '../store/file-store.js';
import { chooseMimetype } from '../store/mime.js';
import { emitDelete, emitOverwrite, emitUpload } from '../webhooks/file-events.js';
import { serveMetadata } from './cdn.js';

type Query = Record<string, string | undefined>;

/** `HANDLE+ext` is accepted for downloads (spec 6.1); the extension is ignored. */
function handleOf(request: FastifyRequest): string {
  return (request.params as { handle: string }).handle.split('+')[0]!;
}

/** HTTP Basic `app:<secret>` is the file API's documented alternative to a policy (spec 6). */
function basicAuthOk(ctx: EmulatorContext, request: FastifyRequest): boolean {
  const header = request.headers.authorization;
  if (!ctx.secret || !header?.startsWith('Basic ')) return false;
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  return decoded.slice(decoded.indexOf(':') + 1) === ctx.secret;
}

function checkKey(ctx: EmulatorContext, query: Query): void {
  if (query.key !== undefined && query.key !== ctx.apikey) {
    throw new ReplyError(401, `Invalid Application: ${query.key}`);
  }
}

function authorise(ctx: EmulatorContext, request: FastifyRequest, access: AccessRequest): void {
  if (basicAuthOk(ctx, request)) return;
  const query = request.query as Query;
  requireAccess(ctx, 'text', query.policy, query.signature, access);
}

async function existing(ctx: EmulatorContext, handle: string): Promise<FileRecord> {
  const file = await ctx.files.get(handle);
  if (!file) throw new ReplyError(404, 'File not found');
  return file;
}

interface NewContent {
  body: ByteSource;
  mimetype?: string;
  sourceUrl?: string;
  /** Resolves once the request body is fully read (multipart keeps parsing after the file). */
  finished: Promise<void>;
}

/** The first file part of a multipart body (`fileUpload`, Python's field), as a stream. */
function multipartFile(
  body: NodeJS.ReadableStream,
  contentType: string,
): Promise<NewContent | { url: string }> {
  return new Promise((resolve, reject) => {
    const parser = new Busboy({ headers: { 'content-type': contentType } });
    let settled = false;
    let url: string | undefined;
    const finished = new Promise<void>((done, fail) => {
      parser.on('finish', () => {
        done();
        if (!settled) {
          settled = true;
          if (url) resolve({ url });
          else reject(new ReplyError(400, 'no fileUpload part in the multipart body'));
        }
      });
      parser.on('error', (error: Error) => {
        fail(error);
        if (!settled) {
          settled = true;
          reject(new ReplyError(400, `bad multipart body: ${error.message}`));
        }
      });
    });
    finished.catch(() => {});
    parser.on('field', (name, value) => {
      if (name === 'url') url = value;
    });
    parser.on('file', (_name, stream, _filename, _encoding, mimetype) => {
      if (settled) {
        stream.resume();
        return;
      }
      settled = true;
      resolve({ body: stream, mimetype, finished });
    });
    body.pipe(parser);
  });
}

/** Overwrite (spec 6.2): raw bytes, a multipart `fileUpload`, or `url=` to fetch. */
async function overwrite(
  ctx: EmulatorContext,
  request: FastifyRequest,
  reply: FastifyReply,
  handle: string,
) {
  const query = request.query as Query;
  const body = request.body as NodeJS.ReadableStream | undefined;
  const contentType = request.headers['content-type'];
  const type = mediaType(contentType);
  let content: NewContent | { url: string };
  try {
    if (type === 'application/x-www-form-urlencoded') {
      const fields = await readFields(body, contentType);
      if (typeof fields.url !== 'string' || fields.url === '') {
        throw new ReplyError(400, 'a urlencoded overwrite needs url=<remote url>');
      }
      content = { url: fields.url };
    } else if (type === 'multipart/form-data' && body) {
      content = await multipartFile(body, contentType!);
    } else {
      if (!body) throw new ReplyError(400, 'no file content in the request body');
      content = { body, mimetype: type || undefined, finished: Promise.resolve() };
    }
  } catch (error) {
    await drain(body);
    throw error;
  }
  const remoteUrl = 'url' in content ? content.url : undefined;
  try {
    authorise(ctx, request, {
      calls: [remoteUrl ? 'writeUrl' : 'write'],
      handle,
      urls: remoteUrl ? [remoteUrl] : undefined,
    });
  } catch (error) {
    if ('body' in content) await drain(content.body as NodeJS.ReadableStream);
    await drain(body);
    throw error;
  }
  const file = await ctx.files.get(handle);
  if (!file) {
    await drain(body);
    throw new ReplyError(404, 'File not found');
  }
  let incoming: NewContent;
  if ('body' in content) incoming = content;
  else {
    const fetched = await fetchSource(content.url);
    incoming = { ...fetched, sourceUrl: content.url, finished: Promise.resolve() };
  }
  const bytes = flag(query, 'base64decode')
    ? decodeBase64Stream(incoming.body as AsyncIterable<Uint8Array>)
    : incoming.body;
  const updated = await ctx.files.overwrite(file, bytes, {
    mimetype: chooseMimetype(incoming.mimetype, file.filename),
    ...(incoming.sourceUrl ? { sourceUrl: incoming.sourceUrl } : {}),
  });
  await incoming.finished;
  const record = request.emuRecord;
  if (record) record.size = updated.size;
  emitOverwrite(ctx, updated);
  return reply.send({
    url: cdnUrl(ctx, updated.handle),
    mimetype: updated.mimetype,
    isWriteable: true,
    size: updated.size,
    filename: updated.filename,
  });
}

/**
 * Legacy store (spec 4.2, PHP and the docs' "basic upload"): `POST /api/store/<LOCATION>?key=`
 * with a raw body, a multipart `fileUpload` or `url=`. Answers without `handle` (clients read it
 * from `url`); a missing key answers 200 `Invalid Application`, as observed.
 */
async function legacyStore(ctx: EmulatorContext, request: FastifyRequest, reply: FastifyReply) {
  const query = request.query as Query;
  const body = request.body as NodeJS.ReadableStream | undefined;
  if (!query.key) {
    await drain(body);
    return reply.type('text/plain; charset=utf-8').send('Invalid Application');
  }
  const contentType = request.headers['content-type'];
  const type = mediaType(contentType);
  let content: NewContent | { url: string };
  if (type === 'application/x-www-form-urlencoded') {
    const fields = await readFields(body, contentType);
    if (typeof fields.url !== 'string') throw new ReplyError(400, 'url is required');
    content = { url: fields.url };
  } else if (type === 'multipart/form-data' && body) {
    content = await multipartFile(body, contentType!);
  } else {
    if (!body) throw new ReplyError(400, 'no file content in the request body');
    content = { body, mimetype: type || undefined, finished: Promise.resolve() };
  }
  const remoteUrl = 'url' in content ? content.url : undefined;
  const security = { policy: query.policy, signature: query.signature };
  const store = { path: query.path, container: query.container };
  try {
    if (!basicAuthOk(ctx, request)) {
      requireAccess(ctx, 'text', security.policy, security.signature, {
        calls: remoteUrl ? ['store'] : ['pick'],
        urls: remoteUrl ? [remoteUrl] : undefined,
        store,
      });
    }
  } catch (error) {
    if ('body' in content) await drain(content.body as NodeJS.ReadableStream);
    throw error;
  }
  const location = (request.params as { location: string }).location;
  const checkSize = (size: number) => {
    if (!basicAuthOk(ctx, request)) {
      requireAccess(ctx, 'text', security.policy, security.signature, { calls: [], size });
    }
  };
  const params = { ...store, location, filename: query.filename, mimetype: query.mimetype };
  let file: FileRecord;
  if (remoteUrl) {
    file = await storeSource(ctx, { kind: 'url', url: remoteUrl }, params, {
      separator: '_',
      checkSize,
    });
  } else {
    const incoming = content as NewContent;
    const filename = query.filename || 'file';
    const handle = newHandle();
    file = await ctx.files.create(handle, incoming.body, {
      filename,
      mimetype: chooseMimetype(query.mimetype ?? incoming.mimetype, filename),
      key: storageKey(handle, filename, query.path),
      container: query.container || DEFAULT_CONTAINER,
      location,
    });
    await incoming.finished;
    try {
      checkSize(file.size);
    } catch (error) {
      await ctx.files.remove(file.handle);
      throw error;
    }
  }
  const record = request.emuRecord;
  if (record) record.size = file.size;
  emitUpload(ctx, file, remoteUrl ? 'URL' : 'Computer');
  return reply.send({
    url: cdnUrl(ctx, file.handle),
    size: file.size,
    type: file.mimetype,
    filename: file.filename,
    key: file.key,
  });
}

async function remove(
  ctx: EmulatorContext,
  request: FastifyRequest,
  reply: FastifyReply,
  handle: string,
) {
  authorise(ctx, request, { calls: ['remove'], handle });
  await existing(ctx, handle);
  await ctx.files.remove(handle, flag(request.query as Query, 'skip_storage'));
  emitDelete(ctx, handle);
  return reply.type('text/plain; charset=utf-8').send('success');
}

/** The file API under `/api/file` (spec 6): download, metadata, overwrite, delete. */
export function registerFileApi(app: FastifyInstance, ctx: EmulatorContext): void {
  const route = (
    method: 'GET' | 'POST' | 'PUT' | 'DELETE' | ('GET' | 'HEAD')[],
    url: string,
    run: (request: FastifyRequest, reply: FastifyReply, handle: string) => Promise<unknown>,
  ) =>
    app.route({
      method,
      url,
      handler: (request, reply) =>
        answer(reply, 'text', async () => {
          const record = track(request, ctx, 'file');
          const unread = request.body as NodeJS.ReadableStream | undefined;
          if (await injectFault(ctx, request, reply, record, 'text', unread)) return reply;
          try {
            checkKey(ctx, request.query as Query);
          } catch (error) {
            await drain(unread);
            throw error;
          }
          return run(request, reply, handleOf(request));
        }),
    });

  route(['GET', 'HEAD'], '/api/file/:handle', async (request, reply, handle) => {
    authorise(ctx, request, { calls: ['read'], handle });
    return sendStoredFile(ctx, request, reply, await existing(ctx, handle));
  });
  route('GET', '/api/file/:handle/metadata', (request, reply, handle) => {
    if (basicAuthOk(ctx, request)) {
      return serveMetadata(ctx, request, reply, handle, undefined, undefined, true);
    }
    const query = request.query as Query;
    return serveMetadata(ctx, request, reply, handle, query.policy, query.signature);
  });
  app.post('/api/store/:location', (request, reply) =>
    answer(reply, 'text', async () => {
      const record = track(request, ctx, 'file');
      const unread = request.body as NodeJS.ReadableStream | undefined;
      if (await injectFault(ctx, request, reply, record, 'text', unread)) return reply;
      try {
        checkKey(ctx, request.query as Query);
      } catch (error) {
        await drain(unread);
        throw error;
      }
      return legacyStore(ctx, request, reply);
    }),
  );
  route('POST', '/api/file/:handle', (request, reply, handle) =>
    overwrite(ctx, request, reply, handle),
  );
  route('PUT', '/api/file/:handle', (request, reply, handle) =>
    overwrite(ctx, request, reply, handle),
  );
  route('DELETE', '/api/file/:handle', (request, reply, handle) =>
    remove(ctx, request, reply, handle),
  );
  route('POST', '/api/file/:handle/remove', (request, reply, handle) =>
    remove(ctx, request, reply, handle),
  );
}
