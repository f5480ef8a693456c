import { ValidationError } from '@fs/core';
import type { ClientRuntime } from './runtime.js';

/** No file system here: paths are refused with the call to use instead. */
function noFileSystem(option: string, received: unknown): never {
  throw new ValidationError({
    option,
    received,
    allowed:
      'a file path only on Node.js; here, pass the bytes instead (`file`: a Blob, File, ' +
      'Uint8Array or stream) and read results with getContent()',
  });
}

/** Browsers, workers and every runtime without the `node` condition. */
export const runtime: ClientRuntime = {
  openFile: async (path, option) => noFileSystem(option, path),
  checkWritable: async (path, option) => noFileSystem(option, path),
  writeFile: async (path) => noFileSystem('path', path),
};
