import { cdnUrl, type EmulatorContext } from '../context.js';
import type { FileRecord } from '../store/file-store.js';

/**
 * The `text` of the events the emulator sends (spec 8.2). Field names follow the documented
 * payloads; `upload_tags` is sent under the name the upload API uses (the service's key name is
 * unconfirmed).
 */

/** Where an upload came from: `Computer` for the upload API, `URL` for store from URL. */
export type UploadClient = 'Computer' | 'URL';

/** Sends `fp.upload` for a newly stored file. */
export function emitUpload(ctx: EmulatorContext, file: FileRecord, client: UploadClient): void {
  ctx.webhooks.emit('fp.upload', {
    container: file.container,
    url: cdnUrl(ctx, file.handle),
    filename: file.filename,
    client,
    key: file.key,
    type: file.mimetype,
    status: 'Stored',
    size: file.size,
    ...(file.uploadTags ? { upload_tags: file.uploadTags } : {}),
  });
}

/** Sends `fp.overwrite` for a file whose bytes were replaced. */
export function emitOverwrite(ctx: EmulatorContext, file: FileRecord): void {
  ctx.webhooks.emit('fp.overwrite', {
    mimetype: file.mimetype,
    url: cdnUrl(ctx, file.handle),
    isWriteable: true,
    filename: file.filename,
    client: 'Computer',
    size: file.size,
  });
}

/** Sends `fp.delete` for a removed file. */
export function emitDelete(ctx: EmulatorContext, handle: string): void {
  ctx.webhooks.emit('fp.delete', { url: cdnUrl(ctx, handle) });
}

/**
 * Sends `fp.converse` for a processed chain stored by the CDN `store` task: `url` is the
 * conversion's path (`/TASKS/SOURCE`), `link` the new file (spec 8.2).
 */
export function emitConverse(ctx: EmulatorContext, path: string, file: FileRecord): void {
  ctx.webhooks.emit('fp.converse', {
    // The policy and signature stay out of the event.
    url: path.replace(/\/security=[^/]*/gi, ''),
    link: {
      url: `${ctx.origin}/api/file/${file.handle}`,
      handle: file.handle,
      filename: file.filename,
      mimetype: file.mimetype,
      path: file.key,
      provider: 'internal_v2',
      size: file.size,
    },
  });
}
