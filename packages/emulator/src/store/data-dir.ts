import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Where everything lives in a data dir:
 * - `files/`: stored files, `<handle>.json` (record) naming `<handle>.<version>.bin` (bytes);
 * - `uploads/`: the parts and chunks of open multipart uploads, one folder per upload;
 * - `tmp/`: scratch files (bytes being written, processing passes), emptied on start.
 * All three are on one file system, so a rename from `tmp/` into place is atomic.
 */
export interface DataDir {
  root: string;
  files: string;
  uploads: string;
  tmp: string;
}

/** Creates the folders of a data dir (keeping stored files) and empties its scratch folder. */
export async function openDataDir(root: string): Promise<DataDir> {
  const dir: DataDir = {
    root,
    files: join(root, 'files'),
    uploads: join(root, 'uploads'),
    tmp: join(root, 'tmp'),
  };
  await mkdir(dir.files, { recursive: true });
  await rm(dir.tmp, { recursive: true, force: true });
  await mkdir(dir.tmp, { recursive: true });
  return dir;
}
