import { randomBytes } from 'node:crypto';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * The API key the emulator accepts unless told otherwise: 22 alphanumerics like a real key
 * (docs/protocol.md#identifiers), so SDK key validation passes.
 */
export const DEFAULT_APIKEY = 'FsEmulatorDefaultKey01';

/** Random alphanumerics from the OS generator (handles, upload ids, part tokens). */
export function randomAlphanumeric(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      // 248 = 4 * 62: dropping larger bytes keeps every character equally likely.
      if (byte < 248 && out.length < length) out += ALPHANUMERIC[byte % 62];
    }
  }
  return out;
}

/** A new file handle: 20 alphanumerics (docs/protocol.md#identifiers). */
export function newHandle(): string {
  return randomAlphanumeric(20);
}

/** A correlation id for upload-API error bodies (`c`). */
export function correlationId(): string {
  const hex = randomBytes(16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
