import { rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { EmulatorContext } from '../context.js';
import { metadataAnswer, requestedMetadata } from '../delivery/metadata.js';
import { contentDisposition, sendStoredFile } from '../delivery/send-file.js';
import { injectFault } from '../faults/inject-fault.js';
import { first, flag, type Query } from '../http/query.js';
import { answer, ReplyError } from '../http/replies.js';
import { CdnUrlError, parseCdnPath } from '../processing/cdn-url.js';
import { type ChainResult, runChain } from '../processing/chain.js';
import { previewPage } from '../processing/preview-page.js';
import type { Source, Task } from '../processing/task.js';
import {
  assertExecutable,
  callsFor,
  planTasks,
  previewTask,
  securityRequiredBy,
  videoTask,
  zipTask,
} from '../processing/task-plan.js';
import { UNAPPLIED_HEADER } from '../processing/unapplied.js';
import { refuseForeignPage } from '../security/request-guard.js';
import { type FetchRules, fetchSource } from '../sources/fetch-source.js';
import { storeProcessed } from '../sources/store-processed.js';
import { type StoreParams, storeOpened } from '../sources/store-source.js';
import type { FileRecord, FileStore } from '../store/file-store.js';
import { EAGER_HASHES, LAZY_HASHES, writeHashed } from '../store/hashed-write.js';
import { openZipArchive, ZIP_FILENAME } from '../zip/zip-archive.js';
import { ZIP_MIMETYPE } from '../zip/zip-format.js';
import { storeAnswer } from './file-answers.js';
import { serveMetadata } from './serve-metadata.js';

/**
 * `HANDLE/metadata` (Python, Ruby, PHP) and `file/HANDLE/metadata` (Swift),
 * docs/protocol.md#metadata.
 */
const METADATA_PATH = /^\/(?:file\/)?([A-Za-z0-9_-]{20})\/metadata\/?$/;

function rawPath(request: FastifyRequest): string {
  return (request.raw.url ?? '/').split('?')[0]!;
}

function urlsOf(source: Source | undefined): string[] {
  if (!source) return [];
  if (source.kind === 'url') return [source.url];
  if (source.kind === 'list') return source.items.flatMap(urlsOf);
  return [];
}

function handlesOf(source: Source | undefined): string[] {
  if (!source) return [];
  if (source.kind === 'handle') return [source.handle];
  if (source.kind === 'list') return source.items.flatMap(handlesOf);
  return [];
}

/**
 * CDN delivery and the processing URL grammar (docs/protocol.md#processing-urls), on every path no
 * other route owns.
 */
export function registerCdn(app: FastifyInstance, ctx: EmulatorContext): void {
  app.route({
    method: ['GET', 'HEAD', 'POST'],
    url: '/*',
    handler: (request, reply) =>
      answer(reply, 'text', async () => {
        const record = ctx.log.track(request, 'cdn');
        if (await injectFault(ctx.faults, request, reply, record, 'text')) return reply;
        const query = request.query as Query;
        const path = rawPath(request);
        const metadataPath = METADATA_PATH.exec(path);
        if (metadataPath) {
          return serveMetadata(ctx, request, reply, metadataPath[1]!);
        }
        let parsed: ReturnType<typeof parseCdnPath>;
        try {
          parsed = parseCdnPath(path);
        } catch (error) {
          if (error instanceof CdnUrlError) throw new ReplyError(400, error.message);
          throw error;
        }
        if (parsed.apikey !== undefined && parsed.apikey !== ctx.access.apikey) {
          throw new ReplyError(401, `Invalid Application: ${parsed.apikey}`);
        }
        const plan = planTasks(parsed.tasks);
        // A GET that stores a file or starts a conversion changes state like a POST.
        const changesState = plan.store !== undefined || videoTask(plan)?.name === 'video_convert';
        if (changesState && refuseForeignPage(request, reply)) return reply;
        const { source } = parsed;
        const urls = urlsOf(source);
        if (urls.length > 0 && parsed.apikey === undefined) {
          throw new ReplyError(400, 'External sources require an apikey segment');
        }
        const zip = zipTask(plan);
        if (zip && parsed.apikey === undefined) {
          throw new ReplyError(400, 'zip requires an apikey segment: /<APIKEY>/zip/[h1,h2]');
        }
        if (parsed.debug) {
          return reply.send({ apikey: parsed.apikey, tasks: parsed.tasks, source });
        }
        const policy = plan.policy ?? first(query.policy);
        const signature = plan.signature ?? first(query.signature);
        const guarded = securityRequiredBy(plan);
        if (guarded && (!policy || !signature)) {
          // Without a secret the emulator cannot check the signature, but it can see none was sent.
          ctx.access.refuse(
            'text',
            `proper credentials were not provided (${guarded} requires a policy and signature)`,
          );
        }
        ctx.access.require('text', policy, signature, {
          calls: callsFor(plan),
          // A policy naming a handle allows a list only when every handle in it is that one.
          handle: handlesOf(source),
          urls,
          store: plan.store
            ? {
                path: typeof plan.store.path === 'string' ? plan.store.path : undefined,
                container:
                  typeof plan.store.container === 'string' ? plan.store.container : undefined,
              }
            : undefined,
        });
        const checkStoredSize = (size: number) =>
          ctx.access.require('text', policy, signature, { calls: ['store'], size });
        const fetching: FetchRules = {
          limits: ctx.fetchLimits,
          allowUrl: ctx.access.urlCheck('text', policy, signature),
        };
        const video = videoTask(plan);
        if (video) return answerVideo(ctx, request, reply, source, video, fetching);
        const preview = previewTask(plan);
        if (preview) {
          return answerPreview(ctx, request, reply, source, preview, { policy, signature });
        }
        if (zip) {
          if (!source) throw new ReplyError(400, 'no source given');
          return answerZip(
            ctx,
            request,
            reply,
            { source, fetching },
            plan.store,
            path,
            checkStoredSize,
          );
        }
        assertExecutable(plan);
        const { processing } = plan;
        if (!source) {
          // Go's `workflow_status=job_id:...` has no source.
          if (processing.length === 1 && processing[0]!.name === 'workflow_status') {
            const none: Source = { kind: 'list', items: [] };
            const result = await runChain(ctx.files, none, processing, fetching);
            return sendResult(ctx, request, reply, undefined, result, fetching);
          }
          throw new ReplyError(400, 'no source given');
        }
        if (plan.store) {
          const stored = await storeProcessed(ctx.files, source, processing, plan.store, {
            separator: '-',
            checkSize: checkStoredSize,
            fetching,
          });
          markUnapplied(reply, stored.unapplied);
          if (processing.length > 0) ctx.events.converse(path, stored.file);
          return reply.send(storeAnswer(ctx.origin, stored.file, stored.dimensions));
        }
        if (plan.metadata) {
          if (source.kind !== 'handle') throw new ReplyError(400, 'metadata needs a handle');
          const file = await ctx.files.get(source.handle);
          if (!file) throw new ReplyError(404, 'File not found');
          const listed = Array.isArray(plan.metadata.params) ? plan.metadata.params : [];
          const fields = requestedMetadata(query, listed);
          const result =
            processing.length > 0
              ? await runChain(ctx.files, source, processing, fetching)
              : undefined;
          markUnapplied(reply, result?.unapplied ?? []);
          if (result?.kind === 'json') {
            throw new ReplyError(
              400,
              'metadata needs a file, but the chain before it answers JSON',
            );
          }
          if (result?.kind === 'image')
            return reply.send(await resultMetadata(ctx.files, file, result, fields));
          return reply.send(await metadataAnswer(ctx.files, file, fields));
        }
        if (processing.length === 0) return deliverSource(ctx, request, reply, source, fetching);
        const result = await runChain(ctx.files, source, processing, fetching);
        return sendResult(ctx, request, reply, source, result, fetching);
      }),
  });
}

/** Names the tasks the emulator did not carry out, so a test can see it (never a silent pretend). */
function markUnapplied(reply: FastifyReply, unapplied: readonly string[]): void {
  if (unapplied.length > 0) reply.header(UNAPPLIED_HEADER, [...new Set(unapplied)].join(', '));
}

/** Sends a source as it is: a stored file (with ranges and ETag) or a proxied URL. */
async function deliverSource(
  ctx: EmulatorContext,
  request: FastifyRequest,
  reply: FastifyReply,
  source: Source,
  fetching: FetchRules,
) {
  if (source.kind === 'handle') {
    const file = await ctx.files.get(source.handle);
    if (!file) throw new ReplyError(404, 'File not found');
    return sendStoredFile(ctx.files, request, reply, file);
  }
  if (source.kind === 'url') {
    const fetched = await fetchSource(source.url, fetching);
    reply.type(fetched.mimetype ?? 'application/octet-stream');
    if (fetched.size !== undefined) reply.header('content-length', String(fetched.size));
    if (request.method === 'HEAD') {
      fetched.body.destroy();
      return reply.send();
    }
    return reply.send(fetched.body);
  }
  throw new ReplyError(400, `cannot deliver this source (${source.kind})`);
}

/** Answers what a processing chain produced: JSON, the unchanged source, or the new image. */
async function sendResult(
  ctx: EmulatorContext,
  request: FastifyRequest,
  reply: FastifyReply,
  source: Source | undefined,
  result: ChainResult,
  fetching: FetchRules,
) {
  markUnapplied(reply, result.unapplied);
  if (result.kind === 'json') return reply.send(result.body);
  if (result.kind === 'unchanged') {
    if (!source) throw new ReplyError(400, 'no source given');
    return deliverSource(ctx, request, reply, source, fetching);
  }
  reply
    .type(result.mimetype)
    .header('x-file-name', encodeURIComponent(result.filename))
    .header(
      'content-disposition',
      contentDisposition(result.filename, flag(request.query as Query, 'dl')),
    );
  if (request.method === 'HEAD') {
    try {
      const bytes = await result.image.toBuffer();
      return reply.header('content-length', String(bytes.length)).send();
    } finally {
      await result.cleanup();
    }
  }
  // The encoder streams straight into the response; a URL source's temp copy goes afterwards.
  reply.raw.once('close', () => void result.cleanup());
  return reply.send(result.image);
}

/** Metadata of a chain's result (not stored): its bytes are hashed on the way to a temp file. */
async function resultMetadata(
  files: FileStore,
  source: FileRecord,
  result: Extract<ChainResult, { kind: 'image' }>,
  fields: readonly string[],
) {
  const temp = files.tempPath();
  try {
    const written = await writeHashed(result.image, temp, [...EAGER_HASHES, ...LAZY_HASHES]);
    const record: FileRecord = {
      ...source,
      size: written.size,
      hashes: written.hashes,
      mimetype: result.mimetype,
      filename: result.filename,
    };
    return await metadataAnswer(files, record, fields, result);
  } finally {
    await rm(temp, { force: true });
    await result.cleanup();
  }
}

/**
 * `zip` (docs/protocol.md#zip-archives): the sources as one ZIP archive, streamed from disk with
 * its length known up front; with a `store` task, the archive is stored and the store JSON
 * answered.
 */
async function answerZip(
  ctx: EmulatorContext,
  request: FastifyRequest,
  reply: FastifyReply,
  { source, fetching }: { source: Source; fetching: FetchRules },
  store: StoreParams | undefined,
  path: string,
  checkStoredSize: (size: number) => void,
) {
  const archive = await openZipArchive(ctx.files, source, fetching);
  if (store) {
    try {
      const opened = { body: archive.stream(), filename: ZIP_FILENAME, mimetype: ZIP_MIMETYPE };
      const file = await storeOpened(ctx.files, opened, store, {
        separator: '-',
        checkSize: checkStoredSize,
      });
      ctx.events.converse(path, file);
      return reply.send(storeAnswer(ctx.origin, file));
    } finally {
      await archive.close();
    }
  }
  reply
    .type(ZIP_MIMETYPE)
    .header('content-length', String(archive.length))
    .header('x-file-name', ZIP_FILENAME)
    .header(
      'content-disposition',
      contentDisposition(ZIP_FILENAME, flag(request.query as Query, 'dl')),
    );
  if (request.method === 'HEAD') {
    await archive.close();
    return reply.send();
  }
  reply.raw.once('close', () => void archive.close());
  return reply.send(Readable.from(archive.stream()));
}

/**
 * `preview`: the document viewer, an HTML page showing the stored file, named in
 * `X-Fs-Emulator-Unapplied` when the page cannot show a file of its type.
 */
async function answerPreview(
  ctx: EmulatorContext,
  request: FastifyRequest,
  reply: FastifyReply,
  source: Source | undefined,
  task: Task,
  security: { policy?: string; signature?: string },
) {
  if (source?.kind !== 'handle') throw new ReplyError(400, 'preview needs a handle');
  const file = await ctx.files.get(source.handle);
  if (!file) throw new ReplyError(404, 'File not found');
  const css = typeof task.params.css === 'string' ? task.params.css : undefined;
  const page = previewPage(file, { origin: ctx.origin.href, css, ...security });
  markUnapplied(reply, page.shows ? [] : ['preview']);
  reply.type('text/html; charset=utf-8');
  if (request.method === 'HEAD') {
    return reply.header('content-length', String(Buffer.byteLength(page.html))).send();
  }
  return reply.send(page.html);
}

/** The HLS playlist type, which `video_playlist` delivers. */
const PLAYLIST_TYPE = 'application/vnd.apple.mpegurl';

/**
 * `video_convert` answers its job (created by the first GET of the URL,
 * docs/protocol.md#audio-and-video-conversion); `video_playlist` delivers a playlist made by an HLS
 * conversion. Either is named in `X-Fs-Emulator-Unapplied` when the emulator could not really
 * convert.
 */
async function answerVideo(
  ctx: EmulatorContext,
  request: FastifyRequest,
  reply: FastifyReply,
  source: Source | undefined,
  task: Task,
  fetching: FetchRules,
) {
  if (!source) throw new ReplyError(400, 'no source given');
  if (source.kind !== 'handle' && source.kind !== 'url') {
    throw new ReplyError(400, `${task.name} needs a handle or a URL as its source`);
  }
  if (source.kind === 'handle' && !(await ctx.files.get(source.handle))) {
    throw new ReplyError(404, 'File not found');
  }
  if (task.name === 'video_playlist') {
    if (source.kind !== 'handle') throw new ReplyError(400, 'video_playlist needs a handle');
    const file = await ctx.files.get(source.handle);
    if (file && file.mimetype !== PLAYLIST_TYPE) markUnapplied(reply, ['video_playlist']);
    return deliverSource(ctx, request, reply, source, fetching);
  }
  const job = await ctx.videos.open(source, task, fetching);
  markUnapplied(reply, job.unapplied.length > 0 ? ['video_convert'] : []);
  return reply.send(ctx.videos.answer(job));
}
