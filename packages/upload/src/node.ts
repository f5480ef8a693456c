/**
 * `@fs/upload/node`: uploads from file paths, and files opened to be read lazily.
 *
 * @module @fs/upload/node
 */
import { openAsBlob } from 'node:fs';
import { basename } from 'node:path';
import { ValidationError } from '@fs/core';
import { upload } from './index.node.js';
import { mimetypeFromName } from './mimetype.node.js';
import type { UploadOptions } from './options.js';
import { rememberPath } from './path-identity.node.js';
import type { UploadedFile } from './upload-session.js';

export { type FileResumeStore, fileResumeStore } from './file-resume-store.js';

/**
 * Opens a file as a `File` that reads lazily (`fs.openAsBlob`). The uploads of this package
 * stream each part from disk in pieces of at most 256 KiB, so memory does not grow with the
 * part size or the file size; a change to the file during the upload fails it. Name
 * from the path; type `mimetype`, else from the extension. Use it to pass files to `uploadMany`
 * or `createUpload`.
 *
 * @example
 * const file = await openFile('./video.mp4'); // File { name: 'video.mp4', type: 'video/mp4' }
 */
export async function openFile(path: string, options: { mimetype?: string } = {}): Promise<File> {
  if (typeof path !== 'string' || path === '') {
    throw new ValidationError({ option: 'path', received: path, allowed: 'a file path' });
  }
  const name = basename(path);
  const type = options.mimetype ?? mimetypeFromName(name) ?? '';
  let blob: Blob;
  try {
    blob = await openAsBlob(path, { type });
  } catch (error) {
    throw new ValidationError({
      option: 'path',
      received: path,
      allowed: 'the path of a readable file',
      message: `Cannot open ${JSON.stringify(path)}: ${(error as Error).message}`,
    });
  }
  // A File wrapping the lazy Blob stays lazy: slices read from disk only when read, and fail
  // once the file changed.
  return rememberPath(new File([blob], name, { type }), path);
}

/**
 * Uploads the file at `path`, each part streamed from disk (never whole into memory); a change
 * to the file during the upload fails it. Filename
 * and MIME type come from the path unless `store.filename` / `store.mimetype` say otherwise.
 *
 * @example
 * import { uploadFile } from '@fs/upload/node';
 * const stored = await uploadFile('./report.pdf', { apikey: process.env.FILESTACK_APIKEY! });
 * console.log(stored.url, stored.mimetype); // application/pdf
 */
export async function uploadFile(path: string, options: UploadOptions): Promise<UploadedFile> {
  return upload(await openFile(path, { mimetype: options?.store?.mimetype }), options);
}
