import { randomBytes } from 'node:crypto';
import { link, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { CommandError } from './exit-codes.js';

// Leaves room for the temporary suffix within the 255 bytes most file systems allow.
const MAX_NAME_BYTES = 200;
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i;

/**
 * A file name from the server made safe to create in the current directory: no directory
 * parts (so `../../.bashrc` cannot climb out), no control or reserved characters, no leading
 * dot (no hidden files), not a reserved Windows device name, at most 200 bytes.
 * `fallback` (the handle) when nothing is left.
 */
export function safeFileName(name: string, fallback: string): string {
  const last = name.split(/[\\/]/).pop() ?? '';
  let clean = last
    .normalize('NFC')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
    .replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '_')
    .replace(/^[.\s]+|[.\s]+$/g, '');
  if (WINDOWS_RESERVED.test(clean)) clean = `_${clean}`;
  while (Buffer.byteLength(clean) > MAX_NAME_BYTES) clean = clean.slice(0, -1);
  return clean || fallback;
}

/**
 * Where a download goes: the file `output` names; else, in the directory `output` names or in
 * the current one, the file's own name (asked for only then) made safe.
 */
export async function downloadPath(
  output: string | undefined,
  name: () => Promise<string>,
): Promise<string> {
  const existing = output === undefined ? undefined : await stat(output).catch(() => undefined);
  if (output !== undefined && !existing?.isDirectory()) return resolve(output);
  return resolve(output ?? '.', await name());
}

/**
 * Writes a download next to `target` under a temporary name, then moves it into place, so a
 * failed or interrupted download never leaves a partial file under the real name. Without
 * `force` an existing file is kept: the move refuses to replace it (checked again at the very
 * end, atomically, with a hard link).
 *
 * @throws CommandError when `target` exists and `force` is not set.
 */
export async function writeThrough<T>(
  target: string,
  force: boolean,
  write: (temporary: string) => Promise<T>,
): Promise<T> {
  const refuse = () =>
    new CommandError(`${target} exists`, 'add --force to overwrite it, or -o to choose a name');
  if (!force && (await stat(target).catch(() => undefined))) throw refuse();
  const temporary = join(
    dirname(target),
    `.${basename(target)}.${randomBytes(4).toString('hex')}.part`,
  );
  try {
    const result = await write(temporary);
    if (force) {
      await rename(temporary, target);
    } else {
      await link(temporary, target).catch((error: NodeJS.ErrnoException) => {
        throw error.code === 'EEXIST' ? refuse() : error;
      });
    }
    return result;
  } finally {
    await rm(temporary, { force: true });
  }
}
