import { bytesToBase64 } from '@fs/core';
import { md5 } from './md5.js';

/**
 * Base64 of the raw 16-byte MD5 digest of `bytes`: the `md5` field of `/multipart/upload`
 * (docs/protocol.md#md5). `hello world` gives `XrY7u+Ae7tCTyyK7j1rNww==`.
 */
export function md5Base64(bytes: Uint8Array): string {
  return bytesToBase64(md5(bytes));
}
