export { assertApikey } from './apikey.js';
export { base64ToBytes, bytesToBase64, bytesToBase64Url } from './base64.js';
export {
  AbortError,
  describeValue,
  type ErrorCode,
  FilestackError,
  type FilestackErrorOptions,
  HttpError,
  type HttpErrorInit,
  isAbortError,
  type KnownErrorCode,
  NetworkError,
  redactCause,
  TimeoutError,
  toFilestackError,
  ValidationError,
  type ValidationErrorInit,
} from './errors.js';
export { filestackHeaders } from './filestack-headers.js';
export { assertHandle, HANDLE_PATTERN, isHandle } from './handle.js';
export { DEFAULT_HOSTS, type HostOptions, type Hosts, resolveHosts } from './hosts.js';
export {
  createHttp,
  DEFAULT_TIMEOUT,
  type FetchLike,
  type HttpClient,
  type HttpOptions,
  type HttpResponse,
  type RequestOptions,
  type ResponseType,
} from './http.js';
export {
  checkSignal,
  MAX_TIMER_MS,
  optionalFunction,
  optionalInteger,
  optionalNumber,
} from './option-checks.js';
export { type Environment, proxyAuthorization, proxyForUrl } from './proxy-for-url.js';
export { REDACTED, redactText, redactUrl, redactValue } from './redact.js';
export { KEPT_BODY_BYTES, parseBody, readBody, readBytes } from './response-body.js';
export {
  DEFAULT_RETRY,
  isRetryable,
  parseRetryAfter,
  type RetryEvent,
  type RetryListener,
  type RetryPolicy,
  type RetryRunOptions,
  retryAfterOf,
  retryDelay,
  retryPolicy,
  sleep,
  throwIfAborted,
  withRetry,
} from './retry.js';
export {
  assertSignedPolicy,
  policyExpiry,
  REFRESH_MARGIN_SECONDS,
  type SecurityOption,
  type SecurityProvider,
  type SecuritySource,
  type SignedPolicy,
  securitySource,
  withFreshPolicy,
} from './security-source.js';
export {
  MAX_WORKFLOWS,
  type StoreLocation,
  type StoreOptions,
  validateStoreOptions,
} from './store-options.js';
export { type StoredFile, toStoredFile } from './stored-file.js';
export { VERSION } from './version.js';
