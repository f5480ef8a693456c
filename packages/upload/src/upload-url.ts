import {
  assertApikey,
  checkSignal,
  createHttp,
  type HostOptions,
  type HttpOptions,
  resolveHosts,
  type SecurityOption,
  type StoredFile,
  type StoreOptions,
  securitySource,
  toStoredFile,
  ValidationError,
  validateStoreOptions,
  withFreshPolicy,
} from '@fs/core';
import { checkTags } from './options.js';

/** Options of `uploadUrl`. */
export interface UploadUrlOptions extends HostOptions, HttpOptions {
  /** Your Filestack API key. */
  apikey: string;
  /** A signed policy (needs the `store` call), or a provider of one. */
  security?: SecurityOption;
  /**
   * Where and how to store the copy; `base64decode: true` when the source is base64 text to
   * decode before storing. The MIME type comes from the source.
   */
  store?: Omit<StoreOptions, 'mimetype'> & { base64decode?: boolean };
  /** Upload tags: at most 10, keys up to 128 and values up to 256 characters. */
  tags?: Record<string, string>;
  /** Headers Filestack sends when it fetches the source, e.g. `Authorization`. */
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/**
 * Stores a copy of the file at an external URL, through `POST {process}/process` with a
 * `store` task (docs/protocol.md#store-from-a-url). Nothing you pass is modified.
 *
 * A failed request is tried again (under the retry policy) only after an answer saying the
 * service did not process it: 408, 429 or 503. A timeout, a broken connection or another
 * error may come after the file was stored, and a second try would store it twice, so they
 * reject (`TimeoutError`, `NetworkError`, `HttpError`) instead.
 *
 * @example
 * const file = await uploadUrl('https://example.com/cat.jpg', { apikey: 'KEY' });
 * console.log(file.handle, file.mimetype);
 */
export async function uploadUrl(url: string, options: UploadUrlOptions): Promise<StoredFile> {
  const source = checkUrl(url);
  if (options === null || typeof options !== 'object') {
    throw new ValidationError({
      option: 'options',
      received: options,
      allowed: 'an options object',
    });
  }
  const apikey = assertApikey(options.apikey);
  // `base64decode` belongs to the store task of /process, not to the shared store options.
  const object =
    typeof options.store === 'object' && options.store !== null && !Array.isArray(options.store);
  const { base64decode, ...given } = (object ? options.store : {}) as { base64decode?: unknown };
  const store = validateStoreOptions(object ? given : options.store);
  if (store.mimetype !== undefined) {
    throw new ValidationError({
      option: 'store.mimetype',
      received: store.mimetype,
      allowed:
        'nothing here: a URL upload takes its type from the Content-Type the source answers. Serve the file with the right type, or fetch it and upload the bytes with store.mimetype',
    });
  }
  if (base64decode !== undefined && typeof base64decode !== 'boolean') {
    throw new ValidationError({
      option: 'store.base64decode',
      received: base64decode,
      allowed: 'a boolean',
    });
  }
  const tags = checkTags(options.tags);
  const headers = checkHeaders(options.headers);
  checkSignal(options.signal);
  const hosts = resolveHosts(options);
  const security = securitySource(options.security);
  const http = createHttp(options);
  const { body } = await withFreshPolicy(security, (policy) =>
    http.request<unknown>({
      url: `${hosts.process}/process`,
      json: {
        apikey,
        sources: [headers ? { source, headers } : source],
        tasks: [
          {
            name: 'store',
            params: { location: 's3', ...store, ...(base64decode ? { base64decode } : {}) },
          },
          ...(policy
            ? [{ name: 'security', params: { policy: policy.policy, signature: policy.signature } }]
            : []),
        ],
        ...(tags ? { upload_tags: tags } : {}),
      },
      filestackHeaders: true,
      idempotent: 'if-unprocessed',
      signal: options.signal,
    }),
  );
  return toStoredFile(body, hosts.cdn);
}

function checkUrl(url: unknown): string {
  let parsed: URL | undefined;
  try {
    parsed = typeof url === 'string' ? new URL(url) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
    throw new ValidationError({
      option: 'url',
      received: url,
      allowed: 'an absolute http(s) URL of the file to store, e.g. "https://example.com/cat.jpg"',
    });
  }
  // As given, not `parsed.href`: the source URL must reach Filestack byte for byte.
  return url as string;
}

function checkHeaders(headers: unknown): Record<string, string> | undefined {
  if (headers === undefined) return undefined;
  const valid =
    headers !== null &&
    typeof headers === 'object' &&
    !Array.isArray(headers) &&
    Object.values(headers).every((value) => typeof value === 'string');
  if (!valid) {
    throw new ValidationError({
      option: 'headers',
      // Header values may be credentials for the source: never kept on the error.
      received: headers !== null && typeof headers === 'object' ? Object.keys(headers) : headers,
      allowed: 'an object of header names to string values',
    });
  }
  return { ...(headers as Record<string, string>) };
}
