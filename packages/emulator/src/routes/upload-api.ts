import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { EmulatorContext } from '../context.js';
import { injectFault } from '../faults/inject-fault.js';
import { drain } from '../http/drain.js';
import { answer, ReplyError, sendError } from '../http/replies.js';
import { readFields } from '../http/request-body.js';
import type { RequestRecord } from '../http/request-log.js';
import { newHandle } from '../ids.js';
import { decodeLenientBase64 } from '../security/policy.js';
import { concatFiles } from '../store/hashed-write.js';
import { chooseMimetype } from '../store/mime.js';
import { DEFAULT_CONTAINER, storageKey } from '../store/storage-key.js';
import { normaliseUploadFields, type UploadFields } from '../upload/upload-fields.js';
import { MAX_PART_NUMBER, type UploadSession } from '../upload/upload-sessions.js';
import { uploadAnswer } from './file-answers.js';

const LOCATIONS = ['s3', 'gcs', 'azure', 'rackspace', 'dropbox'];
const REGION = 'us-east-1';

const invalid = (field: string, detail?: string) =>
  new ReplyError(400, `invalid params: ${field}`, undefined, detail ? { detail } : undefined);

/** The path the part PUT route lives under. */
export const PART_ROUTE = '/s3/parts';

async function bodyFields(request: FastifyRequest): Promise<UploadFields> {
  const body = request.body as NodeJS.ReadableStream | undefined;
  return normaliseUploadFields(await readFields(body, request.headers['content-type']));
}

/** Notes in the request log what the request is about (fault rules match on `part`). */
function logFields(record: RequestRecord, fields: UploadFields): void {
  if (fields.uploadId !== undefined) record.uploadId = fields.uploadId;
  if (Number.isInteger(fields.part)) record.part = fields.part;
  if (Number.isInteger(fields.offset)) record.offset = fields.offset;
  if (Number.isInteger(fields.size)) record.size = fields.size;
}

function positiveInteger(value: number | undefined, field: string, max = Number.MAX_SAFE_INTEGER) {
  if (value === undefined || Number.isNaN(value) || value < 1 || value > max) {
    throw invalid(field, `expected an integer from 1 to ${max}, got ${String(value)}`);
  }
  return value;
}

function openSession(ctx: EmulatorContext, fields: UploadFields): UploadSession {
  ctx.access.requireApikey(fields.apikey);
  const session = ctx.uploads.get(fields.uploadId);
  if (!session) throw invalid('upload_id', 'unknown upload_id: start the upload first');
  if (fields.uri !== undefined && fields.uri !== session.uri) {
    throw invalid('uri', 'uri differs from the one /multipart/start answered');
  }
  return session;
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** `/multipart/start|upload|commit|complete` and the part PUT route (docs/protocol.md#uploads). */
export function registerUploadApi(app: FastifyInstance, ctx: EmulatorContext): void {
  app.post('/multipart/start', (request, reply) =>
    answer(reply, 'json', async () => {
      const record = ctx.log.track(request, 'start');
      const fields = await bodyFields(request);
      logFields(record, fields);
      if (await injectFault(ctx.faults, request, reply, record, 'json')) return reply;
      ctx.access.requireApikey(fields.apikey);
      const filename = fields.filename;
      if (!filename) throw invalid('filename', 'filename is required');
      const size = positiveInteger(fields.size, 'size');
      const location = fields.store.location ?? 's3';
      if (typeof location !== 'string' || !LOCATIONS.includes(location.toLowerCase())) {
        throw invalid('store', `store location must be one of ${LOCATIONS.join(', ')}`);
      }
      const store: Record<string, unknown> = { ...fields.store, location };
      ctx.access.require('upload', fields.policy, fields.signature, {
        calls: ['pick'],
        size,
        store: { path: optionalString(store.path), container: optionalString(store.container) },
      });
      const handle = newHandle();
      const key = storageKey(handle, filename, store.path);
      const session = await ctx.uploads.create({
        handle,
        uri: `/${key}`,
        key,
        region: REGION,
        filename,
        mimetype: chooseMimetype(fields.mimetype, filename),
        size,
        store,
      });
      record.uploadId = session.id;
      const answerBody: Record<string, unknown> = {
        uri: session.uri,
        region: session.region,
        upload_id: session.id,
        location_url: ctx.origin.href,
        location_region: REGION,
      };
      if (fields.fii && ctx.intelligent) answerBody.upload_type = 'intelligent_ingestion';
      return answerBody;
    }),
  );

  app.post('/multipart/upload', (request, reply) =>
    answer(reply, 'json', async () => {
      const record = ctx.log.track(request, 'upload');
      const fields = await bodyFields(request);
      logFields(record, fields);
      if (await injectFault(ctx.faults, request, reply, record, 'json')) return reply;
      const session = openSession(ctx, fields);
      if (session.result) throw invalid('upload_id', 'this upload is already complete');
      const part = positiveInteger(fields.part, 'part', MAX_PART_NUMBER);
      const size = positiveInteger(fields.size, 'size');
      if (fields.md5 !== undefined && decodeLenientBase64(fields.md5)?.length !== 16) {
        throw invalid('md5', 'md5 must be the base64 of a 16-byte MD5 digest');
      }
      // FII chunks carry `fii` (Go omits `offset` when it is 0); regular parts carry neither.
      const chunked = fields.fii || fields.offset !== undefined;
      const offset = chunked ? (fields.offset ?? 0) : undefined;
      if (offset !== undefined && (Number.isNaN(offset) || offset < 0)) {
        throw invalid('offset', 'offset must be an integer >= 0');
      }
      const ticket = ctx.uploads.issueTicket({
        uploadId: session.id,
        part,
        offset,
        size,
        md5: fields.md5,
        expires: Date.now() + ctx.partUrlTtl,
      });
      const headers: Record<string, string> = { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' };
      if (fields.md5 !== undefined) headers['Content-MD5'] = fields.md5;
      return {
        url: `${ctx.origin.href}${PART_ROUTE}/${ticket.token}?partNumber=${part}&uploadId=${session.id}`,
        headers,
        location_url: ctx.origin.href,
      };
    }),
  );

  app.put(`${PART_ROUTE}/:token`, async (request, reply) => {
    const record = ctx.log.track(request, 'put');
    const { token } = request.params as { token: string };
    const ticket = ctx.uploads.ticket(token);
    if (ticket) {
      record.uploadId = ticket.uploadId;
      record.part = ticket.part;
      if (ticket.offset !== undefined) record.offset = ticket.offset;
      record.size = ticket.size;
    }
    if (await injectFault(ctx.faults, request, reply, record, 's3')) return reply;
    // After the faults: a throttle fault replaces the body with a slowed-down one.
    const body = (request.body as NodeJS.ReadableStream | undefined) ?? Readable.from([]);
    try {
      if (!ticket) throw new ReplyError(403, 'Invalid or unknown part URL.', 'AccessDenied');
      if (ticket.expires < Date.now()) {
        throw new ReplyError(403, 'Request has expired', 'AccessDenied');
      }
      const contentMd5 = request.headers['content-md5'];
      const stored = await ctx.uploads.putBytes(
        ticket,
        body,
        typeof contentMd5 === 'string' ? contentMd5 : undefined,
      );
      record.received = stored.size;
      // A `no-etag` fault stores the bytes but hides the ETag, as CORS rules can in a browser.
      if (record.fault !== 'no-etag') reply.header('etag', `"${stored.md5}"`);
      return reply.code(200).send();
    } catch (error) {
      if (!(error instanceof ReplyError)) throw error;
      await drain(body);
      return sendError(reply, 's3', error);
    }
  });

  app.post('/multipart/commit', (request, reply) =>
    answer(reply, 'json', async () => {
      const record = ctx.log.track(request, 'commit');
      const fields = await bodyFields(request);
      logFields(record, fields);
      if (await injectFault(ctx.faults, request, reply, record, 'json')) return reply;
      const session = openSession(ctx, fields);
      const part = positiveInteger(fields.part, 'part', MAX_PART_NUMBER);
      if (!session.result) await ctx.uploads.commit(session, part);
      return {};
    }),
  );

  app.post('/multipart/complete', (request, reply: FastifyReply) =>
    answer(reply, 'json', async () => {
      const record = ctx.log.track(request, 'complete');
      const fields = await bodyFields(request);
      logFields(record, fields);
      if (await injectFault(ctx.faults, request, reply, record, 'json')) return reply;
      const session = openSession(ctx, fields);
      const store = { ...session.store, ...fields.store };
      ctx.access.require('upload', fields.policy, fields.signature, {
        calls: ['pick'],
        size: session.size,
        store: { path: optionalString(store.path), container: optionalString(store.container) },
      });
      if (session.result) return uploadAnswer(ctx.origin, session.result);
      if (!session.completing) {
        const size = fields.size ?? session.size;
        if (size !== session.size) {
          throw invalid('size', `size ${size} differs from ${session.size} given at start`);
        }
        const parts = ctx.uploads.chooseParts(session, {
          parts: fields.parts,
          partsInvalid: fields.partsInvalid === true,
          fii: fields.fii,
          size,
        });
        const filename = fields.filename || session.filename;
        session.completing = ctx.files
          .create(session.handle, concatFiles(parts.map(([, p]) => ({ path: p.path }))), {
            filename,
            mimetype: chooseMimetype(fields.mimetype ?? session.mimetype, filename),
            key: session.key,
            container: optionalString(store.container) ?? DEFAULT_CONTAINER,
            location: String(store.location ?? 's3'),
            region: optionalString(store.region),
            access: optionalString(store.access),
            uploadTags: fields.uploadTags,
            workflows: store.workflows,
            alt: fields.alt,
          })
          .then(async (file) => {
            session.result = file;
            await ctx.uploads.finish(session);
            ctx.events.upload(file, 'Computer');
            return file;
          })
          .finally(() => {
            session.completing = undefined;
          });
      }
      return uploadAnswer(ctx.origin, await session.completing);
    }),
  );
}
