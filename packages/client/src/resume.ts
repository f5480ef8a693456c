// `@fs/client/resume`: the stores of resumable uploads, kept out of the main entry so that
// `import * as fs from '@fs/client'` carries none of them. Pass one as `resume` to
// `client.upload()`.
export {
  customResumeStore,
  type IndexedDbResumeStore,
  indexedDbResumeStore,
  type LocalStorageResumeStore,
  localStorageResumeStore,
  type ResumeLease,
  type ResumeOptions,
  type ResumeReport,
  type ResumeRestartReason,
  type ResumeState,
  type ResumeStore,
  type ResumeStoreOptions,
  type SavedPart,
} from '@fs/upload';
