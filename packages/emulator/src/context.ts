import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FaultBook } from './faults/fault-book.js';
import { type ErrorStyle, ReplyError, sendError } from './http/replies.js';
import type { RequestLog } from './http/request-log.js';
import { type AccessRequest, checkAccess } from './security/policy.js';
import type { FileRecord, FileStore } from './store/file-store.js';
import type { RequestRecord, RouteName } from './types.js';
import type { UploadSessions } from './upload/upload-sessions.js';
import type { VideoJobs } from './video/video-jobs.js';
import type { WebhookSender } from './webhooks/webhook-sender.js';

/** Everything the routes share. */
export interface EmulatorContext {
  apikey: string;
  secret: string | undefined;
  intelligent: boolean;
  partUrlTtl: number;
  /** `http://127.0.0.1:PORT`, known once listening. */
  origin: string;
  files: FileStore;
  uploads: UploadSessions;
  faults: FaultBook;
  log: RequestLog;
  webhooks: WebhookSender;
  /** Set right after the context is made (the jobs need the context). */
  videos: VideoJobs;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The request-log entry of this request, when it belongs to a counted route. */
    emuRecord: RequestRecord | null;
  }
}

/** Opens the log entry of a request. */
export function track(request: FastifyRequest, ctx: EmulatorContext, route: RouteName) {
  const record = ctx.log.begin(route, request.method);
  request.emuRecord = record;
  return record;
}

/** Where a security failure is reported, and so in which words (spec 6.5). */
export type DenialStyle = 'upload' | 'process' | 'text';

/**
 * Enforces policy and signature when the emulator has a secret (spec 7.4); throws a 403
 * ReplyError in the route's error shape otherwise. Without a secret everything is allowed.
 */
export function requireAccess(
  ctx: EmulatorContext,
  style: DenialStyle,
  policy: string | undefined,
  signature: string | undefined,
  access: AccessRequest,
): void {
  if (ctx.secret === undefined) return;
  const denial = checkAccess(ctx.secret, policy, signature, access);
  if (denial) refuse(ctx, style, denial.reason);
}

/** Throws the 403 of a security failure in the route's error shape (spec 7.4, 6.5). */
export function refuse(ctx: EmulatorContext, style: DenialStyle, reason: string): never {
  if (style === 'upload') {
    throw new ReplyError(403, 'Invalid App policy', undefined, { detail: reason });
  }
  if (style === 'process') throw new ReplyError(403, reason);
  throw new ReplyError(403, `application ${ctx.apikey} policy error: ${reason}`);
}

/** Runs a route body, turning a thrown ReplyError into the route's error shape. */
export async function answer(
  reply: FastifyReply,
  style: ErrorStyle,
  run: () => Promise<unknown>,
): Promise<unknown> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ReplyError) return sendError(reply, style, error);
    throw error;
  }
}

/** The storage key of a new file (spec 2.8, 10): `<path><handle><sep><filename>` or `path`. */
export function storageKey(
  handle: string,
  filename: string,
  path: unknown,
  separator: '_' | '-' = '_',
): string {
  const name = `${handle}${separator}${filename}`;
  if (typeof path !== 'string' || path === '') return name;
  const bare = path.replace(/^\/+/, '');
  return bare === '' || bare.endsWith('/') ? `${bare}${name}` : bare;
}

/** The container a file lands in when the client names none. */
export const DEFAULT_CONTAINER = 'fs-emulator-uploads';

/** The CDN URL of a handle. */
export function cdnUrl(ctx: EmulatorContext, handle: string): string {
  return `${ctx.origin}/${handle}`;
}

/** The file record of a complete answer (spec 2.6). */
export function uploadAnswer(ctx: EmulatorContext, file: FileRecord): Record<string, unknown> {
  const out: Record<string, unknown> = {
    handle: file.handle,
    url: cdnUrl(ctx, file.handle),
    filename: file.filename,
    size: file.size,
    mimetype: file.mimetype,
    status: 'Stored',
    key: file.key,
    container: file.container,
  };
  if (file.uploadTags) out.upload_tags = file.uploadTags;
  if (file.workflows !== undefined) out.workflows = file.workflows;
  return out;
}

/**
 * The store answer of `/process` and the CDN `store` task: `type`, not `mimetype` (spec 4.1),
 * and `width`/`height` for images (spec 5.7).
 */
export function storeAnswer(
  ctx: EmulatorContext,
  file: FileRecord,
  dimensions?: { width: number; height: number },
): Record<string, unknown> {
  const out: Record<string, unknown> = {
    handle: file.handle,
    url: cdnUrl(ctx, file.handle),
    filename: file.filename,
    size: file.size,
    type: file.mimetype,
    container: file.container,
    key: file.key,
  };
  if (dimensions) {
    out.width = dimensions.width;
    out.height = dimensions.height;
  }
  if (file.uploadTags) out.upload_tags = file.uploadTags;
  if (file.workflows !== undefined) out.workflows = file.workflows;
  return out;
}
