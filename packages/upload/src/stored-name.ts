import { ValidationError } from '@fs/core';
import type { UploadInput } from './input.js';

/** What a `filename` function is told about the file it names. */
export interface UploadFileInfo {
  /** The input as it was given to the upload. */
  input: UploadInput;
  /** The input's own name (a `File`'s, a path's base name), when it has one. */
  name: string | undefined;
  /** The input's own MIME type (a `Blob`'s), when it has one. */
  type: string | undefined;
  /** Bytes in all. */
  size: number;
}

/** The stored file's name: given as text, or computed from the file. */
export type FilenameOption = string | ((file: UploadFileInfo) => string);

/** How a stored name is cleaned: on, off, or a function of your own. */
export type SanitizeOption = boolean | ((name: string) => string);

// What a stored name never keeps, each replaced by `-`:
// - path separators `/` and `\`, which would make the name a path inside the storage key
//   (`<path><id>_<filename>`);
// - control characters (C0, DEL, C1), which break headers such as Content-Disposition, and the
//   Unicode bidirectional controls, which make `x<U+202E>fdp.exe` display as `xexe.pdf`;
// - characters reserved in URLs, storage keys or common file systems:
//   < > : " | ? * # % { } ^ ~ [ ] backtick and ' (filestack-js replaces most of these too).
const UNSAFE = /[\p{Cc}\p{Bidi_Control}/\\<>:"|?*#%{}^~[\]`']/gu;

/**
 * A file name made safe to store: path separators, control characters (Unicode bidirectional
 * controls included) and characters reserved in URLs and file systems (`<>:"|?*#%{}^~[]` and
 * quotes) each become `-`; surrounding spaces are trimmed, and a name left empty or made only
 * of dots (`..`) becomes `untitled`. Letters of every script are kept.
 *
 * @example
 * sanitizeFilename('../report #1?.pdf'); // '..-report -1-.pdf'
 */
export function sanitizeFilename(name: string): string {
  const clean = name.replace(UNSAFE, '-').trim();
  return /^\.*$/.test(clean) ? 'untitled' : clean;
}

/**
 * The name an upload stores: `filename` (text, or a function of the file), else the input's own
 * name, else `untitled`; then `sanitize` applied (on by default).
 *
 * @throws ValidationError when a function gives something other than non-empty text.
 */
export function storedName(
  filename: FilenameOption | undefined,
  sanitize: SanitizeOption,
  file: UploadFileInfo,
): string {
  const chosen =
    typeof filename === 'function' ? checkName(filename(file), 'store.filename()') : filename;
  const name = chosen ?? file.name ?? 'untitled';
  if (sanitize === false) return name;
  return sanitize === true ? sanitizeFilename(name) : checkName(sanitize(name), 'sanitize()');
}

function checkName(name: unknown, option: string): string {
  if (typeof name !== 'string' || name === '') {
    throw new ValidationError({ option, received: name, allowed: 'a non-empty file name' });
  }
  return name;
}
