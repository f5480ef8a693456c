import { constants, createWriteStream } from 'node:fs';
import { access, rm, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeWebStream } from 'node:stream/web';
import {
  AbortError,
  FilestackError,
  isAbortError,
  NetworkError,
  securitySource,
  ValidationError,
  withFreshPolicy,
} from '@fs/core';
import { type Task, type TransformSource, transformUrl } from '@fs/transform';
import { openFile } from '@fs/upload/node';
import type { ClientRuntime } from './runtime.js';
import { type CallOptions, callSecurity, type Settings } from './settings.js';

/** Node.js: files are opened lazily with `@fs/upload/node` and downloads stream to disk. */
export const runtime: ClientRuntime = {
  async openFile(path, option, mimetype) {
    if (typeof path !== 'string' || path === '') {
      throw new ValidationError({ option, received: path, allowed: 'the path of a readable file' });
    }
    try {
      return await openFile(path, mimetype === undefined ? {} : { mimetype });
    } catch (error) {
      // Same message, but naming the option the caller used (`filepath`).
      if (error instanceof ValidationError) {
        throw new ValidationError({
          option,
          received: path,
          allowed: 'the path of a readable file',
          message: error.message,
        });
      }
      throw error;
    }
  },

  download: downloadTo,
};

/** The absolute path to write a download to, checked before any request. */
async function checkWritable(path: unknown, option: string): Promise<string> {
  const allowed = 'a file path in an existing, writable directory';
  if (typeof path !== 'string' || path === '') {
    throw new ValidationError({ option, received: path, allowed });
  }
  const target = resolve(path);
  try {
    await access(dirname(target), constants.W_OK);
  } catch {
    throw new ValidationError({ option, received: path, allowed });
  }
  const existing = await stat(target).catch(() => undefined);
  if (existing?.isDirectory()) {
    throw new ValidationError({ option, received: path, allowed: `${allowed}, not a directory` });
  }
  return target;
}

/** Streams `body` into `path`; a failed or aborted write leaves no partial file behind. */
async function writeFile(
  path: string,
  body: ReadableStream<Uint8Array> | null,
  signal: AbortSignal | undefined,
): Promise<number> {
  let written = 0;
  const count = async function* (source: AsyncIterable<Uint8Array>) {
    for await (const chunk of source) {
      written += chunk.length;
      yield chunk;
    }
  };
  const input = body
    ? Readable.fromWeb(body as NodeWebStream<Uint8Array>)
    : Readable.from([] as Uint8Array[]);
  try {
    await pipeline(input, count, createWriteStream(path), signal ? { signal } : {});
    return written;
  } catch (error) {
    await rm(path, { force: true }).catch(() => {});
    if (signal?.aborted || isAbortError(error)) throw new AbortError(undefined, error);
    if (error instanceof FilestackError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    // A write error names the file; anything else is the body stream breaking off.
    if (code && /^E[A-Z]+$/.test(code) && (error as NodeJS.ErrnoException).path) {
      throw new FilestackError(`Writing ${path} failed: ${(error as Error).message}`, {
        code: 'OUTPUT',
        cause: error,
      });
    }
    throw new NetworkError(
      `The download broke off after ${written} bytes: ${(error as Error).message}`,
      error,
    );
  }
}

/**
 * Streams the result of `tasks` on `source` into the file at `path` and resolves with the bytes
 * written. The URL is the one `getContent` fetches; the body goes to disk as it arrives, so
 * memory stays flat whatever the size.
 */
async function downloadTo(
  settings: Settings,
  source: TransformSource,
  tasks: readonly Task[],
  path: unknown,
  options: CallOptions = {},
): Promise<number> {
  const target = await checkWritable(path, 'path');
  const security = callSecurity(settings, options);
  const base = { ...settings.hosts, apikey: settings.apikey };
  // Source, tasks, key and hosts are checked before a provider is asked or a byte is sent.
  transformUrl(source, tasks, base);
  const response = await withFreshPolicy(securitySource(security), async (policy) => {
    const url = transformUrl(source, tasks, { ...base, security: policy });
    const answer = await settings.http.request<Response>({
      url,
      responseType: 'response',
      signal: options.signal,
    });
    return answer.body;
  });
  return writeFile(target, response.body, options.signal);
}
