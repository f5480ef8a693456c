import {
  assertApikey,
  resolveHosts,
  type StoredFile,
  securitySource,
  toStoredFile,
  ValidationError,
  withFreshPolicy,
} from '@fs/core';
import { runtime } from '#runtime';
import { policyParams } from './policy-params.js';
import { type CallOptions, callSecurity, type Settings } from './settings.js';

/*
 * The file API (docs/protocol.md#file-api): overwrite, delete and metadata of one handle. These are
 * requests of a backend that holds the API key (and, with security on, a policy allowing `write` or
 * `remove`), so they live in the backend facade rather than in a package a page installs.
 */

/**
 * New content for `overwrite()`: a file on disk (Node.js), bytes, or a URL Filestack fetches.
 */
export type OverwriteInput =
  | { filepath: string }
  | { file: Blob | Uint8Array | ArrayBuffer }
  | { url: string };

/** Options of an overwrite. */
export interface OverwriteOptions extends CallOptions {
  /**
   * The body is base64 text that Filestack decodes before storing.
   * @default false
   */
  base64decode?: boolean;
}

/**
 * Replaces the content of `handle` (`POST {api}/file/<handle>`): raw bytes with their type (a
 * file on disk is read as it is sent), or `url=` for Filestack to fetch. Needs a policy with the
 * `write` call (`writeUrl` for a URL) when the app has security on.
 */
export async function overwriteFile(
  settings: Settings,
  handle: string,
  input: OverwriteInput,
  options: OverwriteOptions = {},
): Promise<StoredFile> {
  const { filepath, file, url } = (input ?? {}) as Partial<
    Record<'filepath' | 'url', string> & { file: Blob | Uint8Array | ArrayBuffer }
  >;
  const { base64decode = false } = options;
  if (
    [filepath, file, url].filter((given) => given !== undefined).length !== 1 ||
    (url !== undefined && !/^https?:\/\/\S+$/i.test(url)) ||
    (file !== undefined &&
      !(file instanceof Blob || file instanceof ArrayBuffer || ArrayBuffer.isView(file)))
  ) {
    throw new ValidationError({
      option: 'overwrite',
      received: input,
      allowed: 'one of { filepath }, { file: a Blob or bytes } or { url: an http(s) URL }',
    });
  }
  if (typeof base64decode !== 'boolean') {
    throw new ValidationError({
      option: 'base64decode',
      received: base64decode,
      allowed: 'a boolean',
    });
  }
  const security = callSecurity(settings, options);
  const hosts = resolveHosts(settings.hosts);
  const body =
    url !== undefined
      ? new URLSearchParams({ url })
      : filepath !== undefined
        ? await runtime.openFile(filepath, 'filepath')
        : file instanceof Blob
          ? file
          : new Blob([file as Uint8Array<ArrayBuffer>]);
  const type = body instanceof Blob ? body.type || 'application/octet-stream' : undefined;
  return withFreshPolicy(securitySource(security), async (policy) => {
    const { body: answer } = await settings.http.request<unknown>({
      url: `${hosts.api}/file/${handle}`,
      method: 'POST',
      body,
      // URLSearchParams sets its own form type.
      headers: type ? { 'content-type': type } : {},
      searchParams: {
        key: settings.apikey,
        // Sent every time, as the Python SDK does.
        base64decode,
        ...policyParams(policy),
      },
      // The same content twice leaves the same file: repeating after a 5xx is harmless.
      idempotent: true,
      signal: options.signal,
    });
    return toStoredFile(answer, hosts.cdn);
  });
}

/** Options of a delete. */
export interface DeleteOptions extends CallOptions {
  /**
   * Remove Filestack's record of the file but keep the stored object in your storage (the
   * service's `skip_storage`). When `false`, both are removed.
   * @default false
   */
  skipStorage?: boolean;
}

/**
 * Deletes `handle` (`DELETE {api}/file/<handle>?key=`, with `skip_storage=true` to keep the
 * stored bytes). The service needs the API key and, with security on, a policy with the
 * `remove` call.
 */
export async function deleteFile(
  settings: Settings,
  handle: string,
  options: DeleteOptions = {},
): Promise<void> {
  const { skipStorage = false } = options ?? {};
  if (typeof skipStorage !== 'boolean') {
    throw new ValidationError({
      option: 'skipStorage',
      received: skipStorage,
      allowed: 'a boolean',
    });
  }
  // On the Filelink, or on the Client it came from.
  assertApikey(settings.apikey);
  const security = callSecurity(settings, options);
  const hosts = resolveHosts(settings.hosts);
  await withFreshPolicy(securitySource(security), (policy) =>
    settings.http.request({
      url: `${hosts.api}/file/${handle}`,
      method: 'DELETE',
      searchParams: {
        key: settings.apikey,
        ...(skipStorage ? { skip_storage: true } : {}),
        ...policyParams(policy),
      },
      responseType: 'text',
      signal: options.signal,
    }),
  );
}

/** Fields `metadata()` can ask for (docs/protocol.md#metadata). */
export type MetadataField =
  | 'size'
  | 'mimetype'
  | 'filename'
  | 'width'
  | 'height'
  | 'uploaded'
  | 'writeable'
  | 'cloud'
  | 'source_url'
  | 'md5'
  | 'sha1'
  | 'sha224'
  | 'sha256'
  | 'sha384'
  | 'sha512'
  | 'location'
  | 'path'
  | 'container'
  | 'exif';

/** The metadata the service answers: the fields asked for (or its default set). */
export type FileMetadata = Partial<Record<MetadataField, unknown>> & Record<string, unknown>;

/**
 * Reads the metadata of `handle` as the Python SDK does: `GET {cdn}/<handle>/metadata` with one
 * `<field>=true` per field and the policy in the query. Needs the `stat` call with security on
 * (and `exif` for `exif`).
 */
export async function readMetadata(
  settings: Settings,
  handle: string,
  fields: readonly MetadataField[] | undefined,
  options: CallOptions = {},
): Promise<FileMetadata> {
  // The names are typed; at run time only their shape is checked, so a field the service adds
  // later passes, and the list stays out of browser bundles.
  if (
    fields !== undefined &&
    (!Array.isArray(fields) || fields.some((field) => !/^[a-z][a-z\d_]*$/.test(field)))
  ) {
    throw new ValidationError({
      option: 'fields',
      received: fields,
      allowed: 'a list of fields such as size, sha256',
    });
  }
  const security = callSecurity(settings, options);
  const hosts = resolveHosts(settings.hosts);
  const flags = Object.fromEntries((fields ?? []).map((field) => [field, true]));
  return withFreshPolicy(securitySource(security), async (policy) => {
    const { body } = await settings.http.request<FileMetadata>({
      url: `${hosts.cdn}/${handle}/metadata`,
      searchParams: { ...flags, ...policyParams(policy) },
      signal: options.signal,
    });
    return body;
  });
}
