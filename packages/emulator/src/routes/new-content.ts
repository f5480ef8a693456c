import { Busboy } from '@fastify/busboy';
import { drain } from '../http/drain.js';
import { ReplyError } from '../http/replies.js';
import { MAX_FIELDS, MAX_FIELDS_BYTES, mediaType, readFields } from '../http/request-body.js';
import type { ByteSource } from '../store/hashed-write.js';

/** File bytes sent in a request body. */
export interface NewContent {
  body: ByteSource;
  mimetype?: string;
  /** Resolves once the request body is fully read (multipart keeps parsing after the file). */
  finished: Promise<void>;
}

/** What a store or overwrite request sends: file bytes, or a URL to fetch them from. */
export type SentContent = NewContent | { url: string };

/** The first file part of a multipart body (`fileUpload`, Python's field), as a stream. */
function multipartFile(body: NodeJS.ReadableStream, contentType: string): Promise<SentContent> {
  return new Promise((resolve, reject) => {
    // The file part is the content and may be large; the fields beside it are few and small.
    const parser = new Busboy({
      headers: { 'content-type': contentType },
      limits: { fields: MAX_FIELDS, fieldSize: MAX_FIELDS_BYTES },
    });
    let settled = false;
    let url: string | undefined;
    const finished = new Promise<void>((done, fail) => {
      parser.on('finish', () => {
        done();
        if (!settled) {
          settled = true;
          if (url) resolve({ url });
          else reject(new ReplyError(400, 'no fileUpload part in the multipart body'));
        }
      });
      parser.on('error', (error: Error) => {
        fail(error);
        if (!settled) {
          settled = true;
          reject(new ReplyError(400, `bad multipart body: ${error.message}`));
        }
      });
    });
    finished.catch(() => {});
    parser.on('fieldsLimit', () => {
      if (settled) return;
      settled = true;
      body.unpipe(parser);
      reject(new ReplyError(400, `form body with more than ${MAX_FIELDS} fields`));
    });
    parser.on('field', (name, value) => {
      if (name === 'url') url = value;
    });
    parser.on('file', (_name, stream, _filename, _encoding, mimetype) => {
      if (settled) {
        stream.resume();
        return;
      }
      settled = true;
      resolve({ body: stream, mimetype, finished });
    });
    body.pipe(parser);
  });
}

/**
 * The content of a file API store or overwrite (docs/protocol.md#overwrite): raw bytes typed by
 * `Content-Type`, a multipart `fileUpload` part, or `url=` (urlencoded) to fetch. A body that
 * cannot be read is drained before the 400 is thrown, so the connection stays usable.
 */
export async function readSentContent(
  body: NodeJS.ReadableStream | undefined,
  contentType: string | undefined,
  /** The 400 message for a urlencoded body without a `url`. */
  missingUrl: string,
): Promise<SentContent> {
  const type = mediaType(contentType);
  try {
    if (type === 'application/x-www-form-urlencoded') {
      const fields = await readFields(body, contentType);
      if (typeof fields.url !== 'string' || fields.url === '') {
        throw new ReplyError(400, missingUrl);
      }
      return { url: fields.url };
    }
    if (type === 'multipart/form-data' && body) return await multipartFile(body, contentType!);
    if (!body) throw new ReplyError(400, 'no file content in the request body');
    return { body, mimetype: type || undefined, finished: Promise.resolve() };
  } catch (error) {
    await drain(body);
    throw error;
  }
}
