import { base64ToBytes } from '@fs/core';

/**
 * What identifies an input across runs: a file path's real path, size, mtime and the digests of
 * its ends; a `File`'s name, size, `lastModified` and type. Bytes and streams have none.
 */
export type InputIdentity = Readonly<Record<string, string | number>>;

/** Where a File from `openFile` (Node) keeps the function that reads its path's identity. */
export const INPUT_IDENTITY: unique symbol = Symbol.for('fs.inputIdentity');

/** Everything that makes two uploads the same upload. */
export interface ResumeKeyParts {
  /** The input's identity, or undefined for bytes and streams. */
  input: InputIdentity | undefined;
  /** The caller's `resumeKey`. */
  resumeKey: string | undefined;
  size: number;
  apikey: string;
  /** The upload host. */
  host: string;
  /** Store options as sent, with the stored file's name and type. */
  store: Readonly<Record<string, unknown>>;
  partSize: number;
  intelligent: boolean | 'fallback';
}

/**
 * The key a resumable upload saves its state under: the hex MD5 of everything in `parts`, so a
 * change to the file, the app, the host, the store options, the part size or the mode gives
 * another key and a fresh upload. Hex, so it can name a file on any file system.
 */
export async function resumeKeyOf(
  parts: ResumeKeyParts,
  md5: (bytes: Uint8Array) => string | Promise<string>,
): Promise<string> {
  const text = stableJson({ version: 1, ...parts });
  const digest = base64ToBytes(await md5(new TextEncoder().encode(text))) ?? new Uint8Array();
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** JSON with object keys sorted, so the same options written in another order give one key. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${stableJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
