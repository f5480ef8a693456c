import { FilestackError } from './errors.js';

/** One shape for a stored file, whichever call stored it (upload, store from URL, store task). */
export interface StoredFile {
  handle: string;
  /** The CDN URL of the file. */
  url: string;
  filename: string;
  size: number;
  mimetype: string;
  /** `Stored` once the file is in place; `InTransit` while copied to non-S3 storage. */
  status?: string;
  /** Storage key, e.g. `uploads/<id>_photo.jpg`. */
  key?: string;
  container?: string;
  workflows?: unknown;
  uploadTags?: Record<string, string>;
  /** The service's answer, untouched. */
  raw: Record<string, unknown>;
}

/**
 * Normalises a service answer: `type` (the `/process` and store-task spelling) becomes
 * `mimetype`, `upload_tags` becomes `uploadTags`, and the handle is read from `url` when the
 * answer has none (legacy store API, docs/protocol.md#store-from-a-url). An answer without a handle
 * is an error, never a success.
 */
export function toStoredFile(raw: unknown, cdn: string): StoredFile {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new FilestackError('The service answered without a file record', { code: 'PROTOCOL' });
  }
  const record = raw as Record<string, unknown>;
  const url = typeof record.url === 'string' ? record.url : undefined;
  const handle =
    typeof record.handle === 'string' && record.handle !== ''
      ? record.handle
      : url?.split(/[?#]/)[0]?.split('/').pop();
  if (!handle) {
    const error = typeof record.error === 'string' ? `: ${record.error}` : '';
    throw new FilestackError(`The service answered without a file handle${error}`, {
      code: 'PROTOCOL',
    });
  }
  const file: StoredFile = {
    handle,
    url: url ?? `${cdn}/${handle}`,
    filename: typeof record.filename === 'string' ? record.filename : '',
    size: typeof record.size === 'number' ? record.size : Number(record.size ?? 0),
    mimetype: String(record.mimetype ?? record.type ?? 'application/octet-stream'),
    raw: record,
  };
  if (typeof record.status === 'string') file.status = record.status;
  if (typeof record.key === 'string') file.key = record.key;
  if (typeof record.container === 'string') file.container = record.container;
  if (record.workflows !== undefined) file.workflows = record.workflows;
  if (record.upload_tags && typeof record.upload_tags === 'object') {
    file.uploadTags = record.upload_tags as Record<string, string>;
  }
  return file;
}
