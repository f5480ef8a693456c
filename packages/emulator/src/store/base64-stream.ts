/**
 * Decodes a base64 byte stream as it flows (`base64decode=true` on overwrite and store),
 * in either alphabet, ignoring whitespace and padding, without holding the whole body.
 */
export async function* decodeBase64Stream(
  source: AsyncIterable<Uint8Array | string>,
): AsyncGenerator<Buffer> {
  let rest = '';
  for await (const chunk of source) {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('latin1');
    rest += text.replace(/[\s=]/g, '').replace(/-/g, '+').replace(/_/g, '/');
    const usable = rest.length - (rest.length % 4);
    if (usable > 0) {
      yield Buffer.from(rest.slice(0, usable), 'base64');
      rest = rest.slice(usable);
    }
  }
  if (rest.length > 0) yield Buffer.from(rest, 'base64');
}
