import {
  assertApikey,
  assertSignedPolicy,
  createHttp,
  type HostOptions,
  type HttpClient,
  type HttpOptions,
  resolveHosts,
  type SecurityOption,
  type SignedPolicy,
  type StoreLocation,
  ValidationError,
  validateStoreOptions,
} from '@fs/core';
import type { Security } from '@fs/security';

/**
 * A security policy as every `@fs/client` call takes it: a `Security` from `@fs/security`
 * (signed with the app secret, on a server), the `{ policy, signature }` it serialises to, or a
 * function that fetches one (for browsers; asked again shortly before the policy expires and
 * once after the service rejects it).
 */
export type SecurityInput =
  | Security
  | SignedPolicy
  | (() => Security | SignedPolicy | Promise<Security | SignedPolicy>);

/** Where and how the client reaches Filestack: hosts, HTTP settings and a security policy. */
export interface ConnectionOptions extends HostOptions, HttpOptions {
  /** Signs every request the SDK sends and the URLs `signedUrl()` writes. */
  security?: SecurityInput;
}

/** Storage backends a client can default uploads to, spelt as the Python SDK accepts them. */
export type Storage = StoreLocation | Uppercase<StoreLocation>;

/** Options that every call sending a request takes. */
export interface CallOptions {
  /** Signs this call instead of the client's or filelink's own policy. */
  security?: SecurityInput;
  /** Cancels the call; it then rejects with an AbortError. */
  signal?: AbortSignal;
}

/**
 * What a Client, and every Filelink and Transformation it makes, share. Frozen: nothing a call
 * does changes it, so objects made from one another never affect each other.
 */
export interface Settings {
  readonly apikey: string | undefined;
  /** As given, for the `security` getters. */
  readonly given: SecurityInput | undefined;
  /** Normalised to what the packages take. */
  readonly security: SecurityOption | undefined;
  readonly hosts: HostOptions;
  readonly httpOptions: HttpOptions;
  /** One HTTP layer (retries, timeout, fetch) for every call of these settings. */
  readonly http: HttpClient;
  readonly storage: Storage | undefined;
}

/** Checks connection options once, when a Client, Filelink or Transformation is created. */
export function createSettings(
  apikey: unknown,
  options: ConnectionOptions & { storage?: unknown },
): Settings {
  if (apikey !== undefined) assertApikey(apikey);
  const { storage, urls, cname, fetch, retry, timeout, onRetry } = options;
  // The same check as an upload's `store.location`, now rather than at the first upload.
  validateStoreOptions({ location: storage }, 'storage');
  const hosts: HostOptions = { urls, cname };
  // Bad hosts are refused now rather than at the first call.
  resolveHosts(hosts);
  const httpOptions: HttpOptions = { fetch, retry, timeout, onRetry };
  return Object.freeze({
    apikey: apikey as string | undefined,
    given: options.security,
    security: toSecurityOption(options.security, 'security'),
    hosts,
    httpOptions,
    http: createHttp(httpOptions),
    storage: storage as Storage | undefined,
  });
}

/**
 * The policy for one call: the call's own `security` wins over the settings'.
 *
 * @throws ValidationError for a `security` of the wrong shape, before any request.
 */
export function callSecurity(
  settings: Settings,
  call: CallOptions | undefined,
): SecurityOption | undefined {
  return call?.security === undefined
    ? settings.security
    : toSecurityOption(call.security, 'security');
}

/**
 * The policy to write into a URL now: the call's, else the settings'. A function cannot be
 * asked synchronously, so a URL is signed with a policy given as data only.
 *
 * @throws ValidationError when there is no policy, or only a function.
 */
export function policyNow(settings: Settings, security: SecurityInput | undefined): SignedPolicy {
  const option = security === undefined ? settings.security : toSecurityOption(security);
  if (option === undefined || typeof option === 'function') {
    throw new ValidationError({
      option: 'security',
      received: option,
      allowed: 'a Security or { policy, signature }, here or inherited',
    });
  }
  return option;
}

/** Host and HTTP options plus the API key and policy: what the package functions take. */
export function requestOptions(settings: Settings, call: CallOptions | undefined) {
  return {
    ...settings.hosts,
    apikey: settings.apikey,
    security: callSecurity(settings, call),
    http: settings.http,
    signal: call?.signal,
  };
}

function toSecurityOption(
  input: SecurityInput | undefined,
  option = 'security',
): SecurityOption | undefined {
  if (input === undefined) return undefined;
  if (typeof input === 'function') return async () => toSignedPolicy(await input(), `${option}()`);
  return toSignedPolicy(input, option);
}

/**
 * `{ policy, signature }` from a `Security` (read by shape, so a page that never signs bundles
 * no signing code) or from the data itself, checked without ever echoing its values.
 */
function toSignedPolicy(value: unknown, option: string): SignedPolicy {
  const security = value as Partial<Security> | null;
  if (
    typeof security === 'object' &&
    security !== null &&
    typeof security.policyB64 === 'string' &&
    typeof security.signature === 'string'
  ) {
    return { policy: security.policyB64, signature: security.signature };
  }
  return assertSignedPolicy(value, option);
}
