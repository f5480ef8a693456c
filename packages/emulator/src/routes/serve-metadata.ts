import type { FastifyReply, FastifyRequest } from 'fastify';
import type { EmulatorContext } from '../context.js';
import { metadataAnswer, requestedMetadata } from '../delivery/metadata.js';
import { first, type Query } from '../http/query.js';
import { ReplyError } from '../http/replies.js';

/**
 * Answers the metadata of a handle (docs/protocol.md#metadata), for the CDN suffix form and the
 * file API alike. `trusted` when the request was already authorised another way (file API Basic
 * auth).
 */
export async function serveMetadata(
  ctx: EmulatorContext,
  request: FastifyRequest,
  reply: FastifyReply,
  handle: string,
  trusted = false,
) {
  const query = request.query as Query;
  const fields = requestedMetadata(query);
  if (!trusted) {
    ctx.access.require('text', first(query.policy), first(query.signature), {
      calls: fields.includes('exif') ? ['stat', 'exif'] : ['stat'],
      handle,
    });
  }
  const file = await ctx.files.get(handle);
  if (!file) throw new ReplyError(404, 'File not found');
  return reply.send(await metadataAnswer(ctx.files, file, fields));
}
