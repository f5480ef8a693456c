import { FilestackError, type HttpResponse, withFreshPolicy } from '@fs/core';
import type { UploadConfig } from './options.js';

/** What `/multipart/start` answers (docs/protocol.md#start-an-upload). */
export interface StartAnswer {
  uri: string;
  region: string;
  upload_id: string;
  location_url: string;
  location_region?: string;
  upload_type?: string;
}

/** The calls of one upload after start: all go to the `location_url` host. */
export interface UploadCalls {
  /** What start answered: the ids a resumable upload saves. */
  readonly start: StartAnswer;
  readonly intelligentAvailable: boolean;
  /**
   * A presigned URL and the exact headers for one part or chunk PUT (docs/protocol.md#part-urls).
   */
  partUrl(
    fields: { part: number; size: number; md5?: string; offset?: number; fii?: boolean },
    signal: AbortSignal,
    retry: boolean,
  ): Promise<{ url: string; headers: Record<string, string> }>;
  /**
   * Commits an Intelligent Ingestion part; `size` is the whole file's
   * (docs/protocol.md#commit-a-part).
   */
  commit(part: number, signal: AbortSignal): Promise<void>;
  /**
   * One complete call; a 202 is handed back for the caller to poll
   * (docs/protocol.md#complete-an-upload).
   */
  complete(fields: Record<string, unknown>, signal: AbortSignal): Promise<HttpResponse<unknown>>;
}

/** As docs/protocol.md#upload-edge says: a scheme is kept as given, a bare host gets `https://`. */
export function locationBase(locationUrl: string): string {
  const base = /^https?:\/\//i.test(locationUrl) ? locationUrl : `https://${locationUrl}`;
  return base.replace(/\/+$/, '');
}

/**
 * Starts an upload at `{upload}/multipart/start` (or carries on the one an earlier run started,
 * `saved`) and returns the calls that continue it. Every call carries the Filestack headers,
 * the policy (refreshed per the security source) and, when start named one,
 * `Filestack-Upload-Region` (docs/protocol.md#upload-edge).
 */
export async function startUpload(
  config: UploadConfig,
  file: { filename: string; mimetype: string; size: number },
  signal: AbortSignal,
  saved?: StartAnswer,
): Promise<UploadCalls> {
  const fii = config.intelligent !== false;
  const start =
    saved ??
    (
      await callApi<StartAnswer>(
        config,
        `${config.hosts.upload}/multipart/start`,
        {
          apikey: config.apikey,
          filename: file.filename,
          mimetype: file.mimetype,
          size: file.size,
          store: config.store,
          ...(fii ? { fii: true } : {}),
        },
        { signal, idempotent: true },
      )
    ).body;
  for (const key of ['uri', 'region', 'upload_id', 'location_url'] as const) {
    if (typeof start?.[key] !== 'string' || start[key] === '') {
      throw new FilestackError(`/multipart/start answered without ${key}`, { code: 'PROTOCOL' });
    }
  }
  const base = locationBase(start.location_url);
  const headers: Record<string, string> = start.location_region
    ? { 'Filestack-Upload-Region': start.location_region }
    : {};
  const common = {
    apikey: config.apikey,
    uri: start.uri,
    region: start.region,
    upload_id: start.upload_id,
    store: config.store,
  };
  return {
    start,
    intelligentAvailable: fii && start.upload_type === 'intelligent_ingestion',
    async partUrl(fields, callSignal, retry) {
      const { body } = await callApi<{ url?: unknown; headers?: unknown }>(
        config,
        `${base}/multipart/upload`,
        { ...common, ...fields },
        { signal: callSignal, idempotent: retry, headers },
      );
      if (typeof body?.url !== 'string' || !/^https?:\/\//i.test(body.url)) {
        throw new FilestackError('/multipart/upload answered without a part URL', {
          code: 'PROTOCOL',
          retryable: true,
        });
      }
      const given = body.headers;
      const partHeaders: Record<string, string> = {};
      if (given && typeof given === 'object') {
        for (const [name, value] of Object.entries(given)) partHeaders[name] = String(value);
      }
      return { url: body.url, headers: partHeaders };
    },
    async commit(part, callSignal) {
      await callApi(
        config,
        `${base}/multipart/commit`,
        { ...common, part, size: file.size },
        { signal: callSignal, idempotent: true, headers },
      );
    },
    complete(fields, callSignal) {
      return callApi(
        config,
        `${base}/multipart/complete`,
        {
          ...common,
          filename: file.filename,
          mimetype: file.mimetype,
          size: file.size,
          ...fields,
        },
        { signal: callSignal, idempotent: true, headers },
      );
    },
  };
}

/**
 * One upload API call: a JSON POST with the Filestack headers and the policy in its body
 * (docs/protocol.md#where-policies-travel), refreshed and repeated once when the service rejects
 * it.
 */
function callApi<T>(
  config: UploadConfig,
  url: string,
  body: Record<string, unknown>,
  options: { signal: AbortSignal; idempotent: boolean; headers?: Record<string, string> },
): Promise<HttpResponse<T>> {
  return withFreshPolicy(config.security, (policy) =>
    config.http.request<T>({
      url,
      json: policy ? { ...body, policy: policy.policy, signature: policy.signature } : body,
      filestackHeaders: true,
      ...options,
    }),
  );
}
