export {
  ConversionError,
  type ConversionJob,
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
export {
  type FilenameOption,
  type MimetypeSniffer,
  type SanitizeOption,
  sanitizeFilename,
  sniffMimetype,
  type UploadedFile,
  type UploadFileInfo,
  type UploadInput,
  type UploadProgress,
} from '@fs/upload';
export {
  type VerifyWebhookOptions,
  verifyWebhookSignature,
  type WebhookVerification,
} from '@fs/webhooks';
export {
  AudioVisual,
  Filelink,
  type FilelinkOptions,
  Transformation,
  type TransformationOptions,
  type UploadResponse,
} from './chains.js';
export {
  Client,
  type ClientOptions,
  type ClientUploadHandle,
  type ClientUploadManyOptions,
  type ClientUploadOptions,
  type ClientUploadResult,
  type ClientUploadSettings,
  type UploadUrlCallOptions,
  type UploadUrlStoreParams,
} from './client.js';
export type {
  DeleteOptions,
  FileMetadata,
  MetadataField,
  OverwriteInput,
  OverwriteOptions,
} from './file-api.js';
export type { CallOptions, ConnectionOptions, SecurityInput, Storage } from './settings.js';
export { TaskChain } from './task-chain.js';
export type { ClientStoreParams, ClientUploadItem } from './upload-inputs.js';
