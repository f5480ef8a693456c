import { createHash } from 'node:crypto';
import { readFailed } from './input.js';

/**
 * Base64 of the raw 16-byte MD5 digest of `bytes`: the `md5` field of `/multipart/upload`
 * (docs/protocol.md#md5). Node's OpenSSL MD5 is the fastest option there is in Node.
 */
export function md5Base64(bytes: Uint8Array): string {
  return createHash('md5').update(bytes).digest('base64');
}

/**
 * Base64 MD5 of a part body. A Blob (a slice of a file) is hashed as it streams, in the pieces
 * Node reads (64 KiB), so hashing a part never holds it whole.
 */
export async function partMd5(body: Uint8Array | Blob): Promise<string> {
  if (ArrayBuffer.isView(body)) return md5Base64(body);
  const hash = createHash('md5');
  try {
    const reader = body.stream().getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      hash.update(read.value);
    }
  } catch (error) {
    // The file behind the Blob changed or went away: the input's fault, never retried.
    throw readFailed(error);
  }
  return hash.digest('base64');
}
