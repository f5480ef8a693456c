import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * `source` at no more than `bytesPerSecond`: each piece (a tenth of a second's worth at most) is
 * passed on once the time it takes at that rate has gone by since the first byte. Reading is
 * pulled, so a slow reader slows the source down too (for a request, down to the client).
 */
export function throttled(
  source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array>,
  bytesPerSecond: number,
): Readable {
  const piece = Math.max(1, Math.floor(bytesPerSecond / 10));
  async function* paced(): AsyncGenerator<Uint8Array> {
    let started: number | undefined;
    let passed = 0;
    for await (const chunk of source) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      for (let at = 0; at < bytes.length; at += piece) {
        const part = bytes.subarray(at, at + piece);
        started ??= Date.now();
        passed += part.length;
        const wait = started + (passed / bytesPerSecond) * 1000 - Date.now();
        if (wait > 0) await sleep(wait);
        yield part;
      }
    }
  }
  return Readable.from(paced(), { objectMode: false });
}
