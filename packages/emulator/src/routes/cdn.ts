import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CdnUrlError, parseCdnPath, type Source } from '../cdn-url.js';
import { answer, type EmulatorContext, requireAccess, storeAnswer, track } from '../context.js';
import { metadataAnswer, requestedMetadata, sendStoredFile } from '../delivery.js';
import { injectFault } from '../fault-injection.js';
import { fetchSource } from '../fetch-source.js';
import { ReplyError } from '../replies.js';
import { storeSource } from '../store-source.js';
import { assertExecutable, callsFor, planTasks } from '../tasks.js';

type Query = Record<string, string | undefined>;

/** `HANDLE/metadata` (Python, Ruby, PHP) and `file/HANDLE/metadata` (Swift), spec 5.7. */
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

/** Serves metadata of a handle; shared by the CDN suffix form and the file API. */
export async function serveMetadata(
  ctx: EmulatorContext,
  request: FastifyRequest,
  reply: FastifyReply,
  handle: string,
  policy: string | undefined,
  signature: string | undefined,
  /** Already authorised another way (file API Basic auth). */
  trusted = false,
) {
  const fields = requestedMetadata(request.query as Query);
  if (!trusted) {
    requireAccess(ctx, 'text', policy, signature, {
      calls: fields.includes('exif') ? ['stat', 'exif'] : ['stat'],
      handle,
    });
  }
  const file = await ctx.files.get(handle);
  if (!file) throw new ReplyError(404, 'File not found');
  return reply.send(await metadataAnswer(ctx, file, fields));
}

/** CDN delivery and the processing URL grammar (spec 5), on every path no other route owns. */
export function registerCdn(app: FastifyInstance, ctx: EmulatorContext): void {
  app.route({
    method: ['GET', 'HEAD', 'POST'],
    url: '/*',
    handler: (request, reply) =>
      answer(reply, 'text', async () => {
        const record = track(request, ctx, 'cdn');
        if (await injectFault(ctx, request, reply, record, 'text', request.body as never)) {
          return reply;
        }
        const query = request.query as Query;
        const path = rawPath(request);
        const metadataPath = METADATA_PATH.exec(path);
        if (metadataPath) {
          return serveMetadata(
            ctx,
            request,
            reply,
            metadataPath[1]!,
            query.policy,
            query.signature,
          );
        }
        let parsed: ReturnType<typeof parseCdnPath>;
        try {
          parsed = parseCdnPath(path);
        } catch (error) {
          if (error instanceof CdnUrlError) throw new ReplyError(400, error.message);
          throw error;
        }
        if (parsed.apikey !== undefined && parsed.apikey !== ctx.apikey) {
          throw new ReplyError(401, `Invalid Application: ${parsed.apikey}`);
        }
        const plan = planTasks(parsed.tasks);
        const { source } = parsed;
        const urls = urlsOf(source);
        if (urls.length > 0 && parsed.apikey === undefined) {
          throw new ReplyError(400, 'External sources require an apikey segment');
        }
        if (parsed.debug) {
          return reply.send({ apikey: parsed.apikey, tasks: parsed.tasks, source });
        }
        requireAccess(ctx, 'text', plan.policy ?? query.policy, plan.signature ?? query.signature, {
          calls: callsFor(plan),
          handle: source?.kind === 'handle' ? source.handle : undefined,
          urls,
          store: plan.store
            ? {
                path: typeof plan.store.path === 'string' ? plan.store.path : undefined,
                container:
                  typeof plan.store.container === 'string' ? plan.store.container : undefined,
              }
            : undefined,
        });
        assertExecutable(plan);
        if (!source) throw new ReplyError(400, 'no source given');
        if (plan.store) {
          const file = await storeSource(ctx, source, plan.store, {
            separator: '-',
            checkSize: (size) =>
              requireAccess(
                ctx,
                'text',
                plan.policy ?? query.policy,
                plan.signature ?? query.signature,
                { calls: ['store'], size },
              ),
          });
          return reply.send(storeAnswer(ctx, file));
        }
        if (plan.metadata) {
          if (source.kind !== 'handle') throw new ReplyError(400, 'metadata needs a handle');
          const file = await ctx.files.get(source.handle);
          if (!file) throw new ReplyError(404, 'File not found');
          return reply.send(await metadataAnswer(ctx, file, requestedMetadata(query)));
        }
        if (source.kind === 'handle') {
          const file = await ctx.files.get(source.handle);
          if (!file) throw new ReplyError(404, 'File not found');
          return sendStoredFile(ctx, request, reply, file);
        }
        if (source.kind === 'url') {
          const fetched = await fetchSource(source.url);
          reply.type(fetched.mimetype ?? 'application/octet-stream');
          if (fetched.size !== undefined) reply.header('content-length', String(fetched.size));
          if (request.method === 'HEAD') {
            fetched.body.destroy();
            return reply.send();
          }
          return reply.send(fetched.body);
        }
        throw new ReplyError(400, `cannot deliver this source (${source.kind})`);
      }),
  });
}
