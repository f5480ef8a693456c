import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { EmulatorContext } from '../context.js';
import { sendStoredFile } from '../delivery/send-file.js';
import { injectFault } from '../faults/inject-fault.js';
import { drain } from '../http/drain.js';
import { first, flag, type Query } from '../http/query.js';
import { answer, ReplyError } from '../http/replies.js';
import { newHandle } from '../ids.js';
import type { AccessRequest } from '../security/policy.js';
import { fetchSource } from '../sources/fetch-source.js';
import { storeSource } from '../sources/store-source.js';
import { decodeBase64Stream } from '../store/base64-stream.js';
import type { FileRecord } from '../store/file-store.js';
import { chooseMimetype } from '../store/mime.js';
import { checkedSize } from '../store/size-check.js';
import { DEFAULT_CONTAINER, storageKey } from '../store/storage-key.js';
import { type NewContent, readSentContent } from './new-content.js';
import { serveMetadata } from './serve-metadata.js';

/** `HANDLE+ext` is accepted for downloads (docs/protocol.md#download); the extension is ignored. */
function handleOf(request: FastifyRequest): string {
  return (request.params as { handle: string }).handle.split('+')[0]!;
}

function checkKey(ctx: EmulatorContext, query: Query): void {
  const key = first(query.key);
  if (key !== undefined && key !== ctx.access.apikey) {
    throw new ReplyError(401, `Invalid Application: ${key}`);
  }
}

/** What an authorised request may still be refused: the size it stores, the URLs it fetches. */
interface Authorised {
  checkSize(size: number): void;
  allowUrl?: (url: string) => void;
}

/** HTTP Basic `app:<secret>` or a policy and signature in the query. */
function authorise(
  ctx: EmulatorContext,
  request: FastifyRequest,
  access: AccessRequest,
): Authorised {
  if (ctx.access.basicAuthOk(request.headers.authorization)) return { checkSize: () => {} };
  const query = request.query as Query;
  const policy = first(query.policy);
  const signature = first(query.signature);
  ctx.access.require('text', policy, signature, access);
  return {
    checkSize: (size) => ctx.access.require('text', policy, signature, { calls: [], size }),
    allowUrl: ctx.access.urlCheck('text', policy, signature),
  };
}

async function existing(ctx: EmulatorContext, handle: string): Promise<FileRecord> {
  const file = await ctx.files.get(handle);
  if (!file) throw new ReplyError(404, 'File not found');
  return file;
}

/**
 * Overwrite (docs/protocol.md#overwrite): raw bytes, a multipart `fileUpload`, or `url=` to fetch.
 */
async function overwrite(
  ctx: EmulatorContext,
  request: FastifyRequest,
  reply: FastifyReply,
  handle: string,
) {
  const query = request.query as Query;
  const body = request.body as NodeJS.ReadableStream | undefined;
  const content = await readSentContent(
    body,
    request.headers['content-type'],
    'a urlencoded overwrite needs url=<remote url>',
  );
  const remoteUrl = 'url' in content ? content.url : undefined;
  let granted: Authorised;
  try {
    granted = authorise(ctx, request, {
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
  let incoming: NewContent & { sourceUrl?: string };
  if ('body' in content) incoming = content;
  else {
    const fetching = { limits: ctx.fetchLimits, allowUrl: granted.allowUrl };
    const fetched = await fetchSource(content.url, fetching);
    incoming = { ...fetched, sourceUrl: content.url, finished: Promise.resolve() };
  }
  const bytes = flag(query, 'base64decode')
    ? decodeBase64Stream(incoming.body as AsyncIterable<Uint8Array>)
    : incoming.body;
  // The policy's maxSize/minSize hold for the new bytes, checked before they replace the old.
  const updated = await ctx.files.overwrite(file, checkedSize(bytes, granted.checkSize), {
    mimetype: chooseMimetype(incoming.mimetype, file.filename),
    ...(incoming.sourceUrl ? { sourceUrl: incoming.sourceUrl } : {}),
  });
  await incoming.finished;
  const record = request.emuRecord;
  if (record) record.size = updated.size;
  ctx.events.overwrite(updated);
  return reply.send({
    url: ctx.origin.fileUrl(updated.handle),
    mimetype: updated.mimetype,
    isWriteable: true,
    size: updated.size,
    filename: updated.filename,
  });
}

/**
 * Legacy store (docs/protocol.md#emulator-notes-store-from-a-url, PHP and the docs' "basic
 * upload"): `POST /api/store/<LOCATION>?key=` with a raw body, a multipart `fileUpload` or `url=`.
 * Answers without `handle` (clients read it from `url`); a missing key answers 200 `Invalid
 * Application`, as observed.
 */
async function legacyStore(ctx: EmulatorContext, request: FastifyRequest, reply: FastifyReply) {
  const query = request.query as Query;
  const body = request.body as NodeJS.ReadableStream | undefined;
  if (!first(query.key)) {
    await drain(body);
    return reply.type('text/plain; charset=utf-8').send('Invalid Application');
  }
  const content = await readSentContent(body, request.headers['content-type'], 'url is required');
  const remoteUrl = 'url' in content ? content.url : undefined;
  const policy = first(query.policy);
  const signature = first(query.signature);
  const trusted = ctx.access.basicAuthOk(request.headers.authorization);
  const store = { path: first(query.path), container: first(query.container) };
  try {
    if (!trusted) {
      ctx.access.require('text', policy, signature, {
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
    if (!trusted) ctx.access.require('text', policy, signature, { calls: [], size });
  };
  const filename = first(query.filename);
  const mimetype = first(query.mimetype);
  let file: FileRecord;
  if (remoteUrl) {
    const params = { ...store, location, filename, mimetype };
    file = await storeSource(ctx.files, { kind: 'url', url: remoteUrl }, params, {
      separator: '_',
      checkSize,
      fetching: {
        limits: ctx.fetchLimits,
        allowUrl: trusted ? undefined : ctx.access.urlCheck('text', policy, signature),
      },
    });
  } else {
    const incoming = content as NewContent;
    const name = filename || 'file';
    const handle = newHandle();
    file = await ctx.files.create(handle, incoming.body, {
      filename: name,
      mimetype: chooseMimetype(mimetype ?? incoming.mimetype, name),
      key: storageKey(handle, name, store.path),
      container: store.container || DEFAULT_CONTAINER,
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
  ctx.events.upload(file, remoteUrl ? 'URL' : 'Computer');
  return reply.send({
    url: ctx.origin.fileUrl(file.handle),
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
  ctx.events.delete(handle);
  return reply.type('text/plain; charset=utf-8').send('success');
}

/**
 * The file API under `/api/file` (docs/protocol.md#file-api): download, metadata, overwrite,
 * delete.
 */
export function registerFileApi(app: FastifyInstance, ctx: EmulatorContext): void {
  /** A file API route: counted as `file`, open to faults, with the `key` checked first. */
  const route = (
    method: 'GET' | 'POST' | 'PUT' | 'DELETE' | ('GET' | 'HEAD')[],
    url: string,
    run: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>,
  ) =>
    app.route({
      method,
      url,
      handler: (request, reply) =>
        answer(reply, 'text', async () => {
          const record = ctx.log.track(request, 'file');
          if (await injectFault(ctx.faults, request, reply, record, 'text')) return reply;
          const unread = request.body as NodeJS.ReadableStream | undefined;
          try {
            checkKey(ctx, request.query as Query);
          } catch (error) {
            await drain(unread);
            throw error;
          }
          return run(request, reply);
        }),
    });

  route(['GET', 'HEAD'], '/api/file/:handle', async (request, reply) => {
    const handle = handleOf(request);
    authorise(ctx, request, { calls: ['read'], handle });
    return sendStoredFile(ctx.files, request, reply, await existing(ctx, handle));
  });
  route('GET', '/api/file/:handle/metadata', (request, reply) => {
    const trusted = ctx.access.basicAuthOk(request.headers.authorization);
    return serveMetadata(ctx, request, reply, handleOf(request), trusted);
  });
  route('POST', '/api/store/:location', (request, reply) => legacyStore(ctx, request, reply));
  for (const method of ['POST', 'PUT'] as const) {
    route(method, '/api/file/:handle', (request, reply) =>
      overwrite(ctx, request, reply, handleOf(request)),
    );
  }
  route('DELETE', '/api/file/:handle', (request, reply) =>
    remove(ctx, request, reply, handleOf(request)),
  );
  route('POST', '/api/file/:handle/remove', (request, reply) =>
    remove(ctx, request, reply, handleOf(request)),
  );
}
