import { Busboy } from '@fastify/busboy';
import { ReplyError } from './replies.js';

/** Upload API bodies are small; anything bigger is a client bug, not an upload. */
export const MAX_FIELDS_BYTES = 10 * 1024 * 1024;

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
    return Object.fromEntries(new URLSearchParams(text));
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

function readFormData(body: NodeJS.ReadableStream, contentType: string): Promise<Fields> {
  return new Promise((resolve, reject) => {
    const fields: Fields = {};
    let parser: InstanceType<typeof Busboy>;
    try {
      parser = new Busboy({
        headers: { 'content-type': contentType },
        limits: { fieldSize: MAX_FIELDS_BYTES },
      });
    } catch (error) {
      reject(new BodyError(`bad multipart body: ${(error as Error).message}`));
      return;
    }
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
