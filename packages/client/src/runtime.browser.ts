import { ValidationError } from '@fs/core';
import type { ClientRuntime } from './runtime.js';

/** No file system here: paths are refused with what to use instead. */
function noFileSystem(option: string, received: unknown): never {
  throw new ValidationError({
    option,
    received,
    allowed: 'a path on Node.js only: here pass `file` (a Blob or bytes), read with getContent()',
  });
}

/** Browsers, workers and every runtime without the `node` condition. */
export const runtime: ClientRuntime = {
  openFile: async (path, option) => noFileSystem(option, path),
  download: async (_settings, _source, _tasks, path) => noFileSystem('path', path),
};
