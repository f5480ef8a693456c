import type { PublicOrigin } from '../http/public-origin.js';
import type { FileRecord } from '../store/file-store.js';
import type { WebhookSender } from './webhook-sender.js';

/** Where an upload came from: `Computer` for the upload API, `URL` for store from URL. */
export type UploadClient = 'Computer' | 'URL';

/**
 * The events the emulator sends about files, with the `text` of each
 * (docs/protocol.md#emulator-notes-webhooks). Field names follow the documented payloads;
 * `upload_tags` is sent under the name the upload API uses (the service's key name is unconfirmed).
 */
export class FileEvents {
  constructor(
    private readonly sender: WebhookSender,
    private readonly origin: PublicOrigin,
  ) {}

  /** `fp.upload`, for a newly stored file. */
  upload(file: FileRecord, client: UploadClient): void {
    this.sender.emit('fp.upload', {
      container: file.container,
      url: this.origin.fileUrl(file.handle),
      filename: file.filename,
      client,
      key: file.key,
      type: file.mimetype,
      status: 'Stored',
      size: file.size,
      ...(file.uploadTags ? { upload_tags: file.uploadTags } : {}),
    });
  }

  /** `fp.overwrite`, for a file whose bytes were replaced. */
  overwrite(file: FileRecord): void {
    this.sender.emit('fp.overwrite', {
      mimetype: file.mimetype,
      url: this.origin.fileUrl(file.handle),
      isWriteable: true,
      filename: file.filename,
      client: 'Computer',
      size: file.size,
    });
  }

  /** `fp.delete`, for a removed file. */
  delete(handle: string): void {
    this.sender.emit('fp.delete', { url: this.origin.fileUrl(handle) });
  }

  /**
   * `fp.converse`, for a processed chain stored by the CDN `store` task: `url` is the
   * conversion's path (`/TASKS/SOURCE`), `link` the new file (docs/protocol.md#webhook-events).
   */
  converse(path: string, file: FileRecord): void {
    this.sender.emit('fp.converse', {
      // The policy and signature stay out of the event.
      url: path.replace(/\/security=[^/]*/gi, ''),
      link: {
        url: `${this.origin.href}/api/file/${file.handle}`,
        handle: file.handle,
        filename: file.filename,
        mimetype: file.mimetype,
        path: file.key,
        provider: 'internal_v2',
        size: file.size,
      },
    });
  }

  /** `fp.video_converse`, when a conversion job completes or fails: `text` is the job's JSON. */
  videoConverse(job: Record<string, unknown>): void {
    this.sender.emit('fp.video_converse', job);
  }
}
