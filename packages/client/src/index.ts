export {
  ConversionError,
  type ConversionResult,
  type ConversionStatus,
  type StatusOptions,
  type WaitOptions,
} from '@fs/av';
export {
  AbortError,
  FilestackError,
  HttpError,
  NetworkError,
  type SignedPolicy,
  type StoredFile,
  type StoreOptions,
  TimeoutError,
  ValidationError,
} from '@fs/core';
export { createPolicy, type Policy, type PolicyCall, Security } from '@fs/security';
export type {
  SfwResult,
  StoreParams,
  TagsResult,
  Task,
  TaskParams,
  TransformSource,
  VideoConvertParams,
} from '@fs/transform';
export type { UploadedFile, UploadInput, UploadProgress } from '@fs/upload';
export {
  type VerifyWebhookOptions,
  verifyWebhookSignature,
  type WebhookVerification,
} from '@fs/webhooks';
export { AudioVisual } from './audio-visual.js';
export {
  Filelink,
  type FilelinkOptions,
  Transformation,
  type TransformationOptions,
  type UploadResponse,
} from './chains.js';
export {
  Client,
  type ClientOptions,
  type ClientUploadOptions,
  type UploadUrlCallOptions,
} from './client.js';
export type {
  FileMetadata,
  MetadataField,
  OverwriteInput,
  OverwriteOptions,
} from './file-api.js';
export type { CallOptions, ConnectionOptions, SecurityInput, Storage } from './settings.js';
export { TaskChain } from './task-chain.js';
