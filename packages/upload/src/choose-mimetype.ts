import type { UploadSource } from './input.js';
import type { UploadConfig } from './options.js';

/** How many leading bytes a MIME type sniffer is given (fewer when the file is smaller). */
export const SNIFF_BYTES = 64;

/**
 * The MIME type an upload declares: `store.mimetype`, else the Blob's own type, else the file
 * name's extension (Node), else the first bytes when a sniffer is set, else octet-stream.
 */
export async function chooseMimetype(
  config: UploadConfig,
  source: UploadSource,
  filename: string,
): Promise<string> {
  const named = config.mimetype || source.type || config.mimetypeFromName?.(filename);
  if (named) return named;
  if (config.sniffMimetype) {
    const length = Math.min(SNIFF_BYTES, source.size);
    const head = await (source.peek ? source.peek(length) : source.read(0, length));
    const sniffed = config.sniffMimetype(head);
    if (sniffed) return sniffed;
  }
  return 'application/octet-stream';
}
