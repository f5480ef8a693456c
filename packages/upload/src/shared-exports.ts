// What both entry points (`index.ts`, `index.node.ts`) export unchanged: the runtime-neutral
// part of the public API. Each entry adds its own functions, MD5 and transport.

export {
  type IndexedDbResumeStore,
  indexedDbResumeStore,
} from './indexed-db-resume-store.js';
export type { NodeReadableLike, UploadInput } from './input.js';
export {
  type LocalStorageResumeStore,
  localStorageResumeStore,
} from './local-storage-resume-store.js';
export type { UploadOptions, UploadProgress, UploadStoreOptions } from './options.js';
export { customResumeStore } from './resume-engine.js';
export type {
  ResumeLease,
  ResumeOptions,
  ResumeReport,
  ResumeRestartReason,
  ResumeState,
  ResumeStore,
  ResumeStoreOptions,
  SavedPart,
} from './resume-store.js';
export { type MimetypeSniffer, sniffMimetype } from './sniff-mimetype.js';
export {
  type FilenameOption,
  type SanitizeOption,
  sanitizeFilename,
  type UploadFileInfo,
} from './stored-name.js';
export { createFetchTransport, fetchTransport } from './transport.fetch.js';
export type { PartRequest, PartResponse, PartTransport } from './transport.js';
export { ClockSkewError } from './transport.js';
export type {
  CreateUploadFunction,
  UploadFunction,
  UploadManyFunction,
} from './upload-functions.js';
export type { UploadManyItem, UploadManyOptions, UploadResult } from './upload-many.js';
export type { UploadedFile, UploadHandle } from './upload-session.js';
export { type UploadUrlOptions, uploadUrl } from './upload-url.js';
