import { createHash } from 'node:crypto';

/**
 * Base64 of the raw 16-byte MD5 digest of `bytes`: the `md5` field of `/multipart/upload`
 * (docs/protocol.md#md5). Node's OpenSSL MD5 is the fastest option there is in Node.
 */
export function md5Base64(bytes: Uint8Array): string {
  return createHash('md5').update(bytes).digest('base64');
}

/** Base64 MD5 of a part body; Node's part bodies are bytes, a Blob is read first. */
export async function partMd5(body: Uint8Array | Blob): Promise<string> {
  return md5Base64(ArrayBuffer.isView(body) ? body : new Uint8Array(await body.arrayBuffer()));
}
