import type { PublicOrigin } from '../http/public-origin.js';
import type { FileRecord } from '../store/file-store.js';

/** The file record of a complete answer (docs/protocol.md#complete-an-upload). */
export function uploadAnswer(origin: PublicOrigin, file: FileRecord): Record<string, unknown> {
  const out: Record<string, unknown> = {
    handle: file.handle,
    url: origin.fileUrl(file.handle),
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
 * The store answer of `/process` and the CDN `store` task: `type`, not `mimetype`
 * (docs/protocol.md#store-from-a-url), and `width`/`height` for images
 * (docs/protocol.md#the-store-task).
 */
export function storeAnswer(
  origin: PublicOrigin,
  file: FileRecord,
  dimensions?: { width: number; height: number },
): Record<string, unknown> {
  const out: Record<string, unknown> = {
    handle: file.handle,
    url: origin.fileUrl(file.handle),
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
