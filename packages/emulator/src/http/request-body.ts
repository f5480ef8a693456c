import { Busboy } from '@fastify/busboy';
import { ReplyError } from './replies.js';

/** Upload API bodies are small; anything bigger is a client bug, not an upload. */
export const MAX_FIELDS_BYTES = 10 * 1024 * 1024;
/** The most fields a form body may have: SDK requests send a few dozen at most. */
export const MAX_FIELDS = 1000;

export type Fields = Record<string, unknown>;

/** Thrown when a body cannot be read as fields; the route answers 400 with `message`. */
export class BodyError extends ReplyError {
  constructor(message: string) {
    super(400, message);
  }
}

/** The bare media type of a Content-Type header, lower-cased. */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

/** Reads a whole small body as text, refusing more than `limit` bytes. */
export async function readText(body: NodeJS.ReadableStream, limit = MAX_FIELDS_BYTES) {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > limit) throw new BodyError(`request body larger than ${limit} bytes`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Reads the fields of an API request body: JSON (JS, Python, Go, Ruby, Swift),
 * multipart/form-data (PHP, Java; file parts such as PHP's empty `files` are skipped) or
 * urlencoded. A body without a type is tried as JSON.
 */
export async function readFields(
  body: NodeJS.ReadableStream | undefined,
  contentType: string | undefined,
): Promise<Fields> {
  if (!body) return {};
  const type = mediaType(contentType);
  if (type === 'multipart/form-data') return readFormData(body, contentType!);
  const text = await readText(body);
  if (type === 'application/x-www-form-urlencoded') {
    const fields = [...new URLSearchParams(text)];
    if (fields.length > MAX_FIELDS) throw tooManyFields();
    return Object.fromEntries(fields);
  }
  if (text.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
      return parsed as Fields;
    }
  } catch {
    // fall through to the error below
  }
  throw new BodyError('request body is not a JSON object');
}

const tooManyFields = () => new BodyError(`form body with more than ${MAX_FIELDS} fields`);

/**
 * The fields of a multipart body, within {@link MAX_FIELDS_BYTES} in all (file parts, which
 * are skipped, included) and {@link MAX_FIELDS} parts.
 */
function readFormData(body: NodeJS.ReadableStream, contentType: string): Promise<Fields> {
  return new Promise((resolve, reject) => {
    const fields: Fields = {};
    let parser: InstanceType<typeof Busboy>;
    try {
      parser = new Busboy({
        headers: { 'content-type': contentType },
        limits: { fieldSize: MAX_FIELDS_BYTES, parts: MAX_FIELDS },
      });
    } catch (error) {
      reject(new BodyError(`bad multipart body: ${(error as Error).message}`));
      return;
    }
    let size = 0;
    const count = (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_FIELDS_BYTES) {
        refuse(new BodyError(`request body larger than ${MAX_FIELDS_BYTES} bytes`));
      }
    };
    // The rest stays unread: the answer then closes the connection (see the server's hooks).
    const refuse = (error: BodyError) => {
      body.unpipe(parser);
      body.removeListener('data', count);
      body.pause();
      reject(error);
    };
    body.on('data', count);
    parser.on('partsLimit', () => refuse(tooManyFields()));
    parser.on('field', (name, value) => {
      fields[name] = value;
    });
    parser.on('file', (_name, stream) => stream.resume());
    parser.on('finish', () => resolve(fields));
    parser.on('error', (error: Error) =>
      reject(new BodyError(`bad multipart body: ${error.message}`)),
    );
    body.pipe(parser);
  });
}
