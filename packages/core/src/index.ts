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
  NetworkError,
  TimeoutError,
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
  readBody,
  toFilestackError,
} from './http.js';
export { REDACTED, redactText, redactUrl } from './redact.js';
export {
  DEFAULT_RETRY,
  isRetryable,
  parseRetryAfter,
  type RetryEvent,
  type RetryListener,
  type RetryPolicy,
  type RetryRunOptions,
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
