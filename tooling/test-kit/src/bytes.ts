import { createHash, randomBytes as cryptoRandomBytes } from 'node:crypto';

/*
 * Bytes to upload and the digests to compare them by. Uint8Array<ArrayBuffer>, not Buffer:
 * the DOM types of fetch and Blob take it as it is.
 */

/** `length` random bytes: content no code path can special-case. */
export function randomBytes(length: number): Uint8Array<ArrayBuffer> {
  return new Uint8Array(cryptoRandomBytes(length));
}

/** `length` bytes that are the same on every run for the same `seed` (a linear congruence). */
export function seededBytes(length: number, seed = 1): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(length);
  let state = seed;
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    out[i] = state >> 16;
  }
  return out;
}

/** SHA-256 of `bytes` (or a string's UTF-8), as lower-case hex. */
export const sha256Hex = (bytes: Uint8Array | string): string =>
  createHash('sha256').update(bytes).digest('hex');

/** MD5 of `bytes` (or a string's UTF-8), as lower-case hex. */
export const md5Hex = (bytes: Uint8Array | string): string =>
  createHash('md5').update(bytes).digest('hex');

/** MD5 of `bytes`, as base64: the `md5` of an upload request and `Content-MD5`. */
export const md5Base64 = (bytes: Uint8Array | string): string =>
  createHash('md5').update(bytes).digest('base64');
