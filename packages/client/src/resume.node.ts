// `@fs/client/resume` under the `node` condition: the browser stores plus `fileResumeStore`.
export { type FileResumeStore, fileResumeStore } from '@fs/upload/node';
export * from './resume.js';
