/**
 * Standard base64 (`+/`, padded) of raw bytes: the encoding of `md5` fields (docs/protocol.md#md5).
 */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/**
 * URL-safe base64 (`-_`) with `=` padding kept, as Filestack policies are written
 * (docs/protocol.md#encoding-and-signing).
 */
export function bytesToBase64Url(bytes: Uint8Array): string {
  return bytesToBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_');
}

/**
 * Decodes base64 in either alphabet, padded or not, with `+` turned into a space by a query
 * string restored: clients differ (docs/protocol.md#encoding-and-signing), so decoding is lenient.
 * Returns `undefined` when the text is not base64 at all.
 */
export function base64ToBytes(text: string): Uint8Array | undefined {
  // Spaces become `+` before trimming: a `+` at either end that a query string decoded into a
  // space is still part of the value.
  const normal = text
    .replace(/ /g, '+')
    .trim()
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .replace(/=+$/, '');
  if (!/^[A-Za-z0-9+/]*$/.test(normal) || normal.length % 4 === 1) return undefined;
  const binary = atob(normal + '='.repeat((4 - (normal.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
