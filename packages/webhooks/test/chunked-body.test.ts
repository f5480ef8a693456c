import { describe, expect, it } from 'vitest';
import { parseWebhookRequest, WebhookVerificationError } from '../src/index.js';
import { NOW, SECRET, signedHeaders, UPLOAD_BODY } from './sign.js';

const MIB = 1024 * 1024;

/** A chunked request body of `total` bytes, made as it is read; counts what was pulled. */
function hugeRequest(total: number) {
  const pulled = { bytes: 0 };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled.bytes >= total) return controller.close();
      pulled.bytes += MIB;
      controller.enqueue(new Uint8Array(MIB).fill(32));
    },
  });
  // No Content-Length: only the bytes read can tell the size.
  const request = new Request('http://127.0.0.1/webhooks/filestack', {
    method: 'POST',
    headers: signedHeaders(UPLOAD_BODY),
    body: stream,
    duplex: 'half',
  } as RequestInit);
  return { request, pulled };
}

describe('parseWebhookRequest and a chunked body', () => {
  it('stops reading once the body passes maxBodyBytes', async () => {
    const { request, pulled } = hugeRequest(200 * MIB);
    const error = await parseWebhookRequest(SECRET, request, { now: NOW }).catch((e) => e);
    expect(error).toBeInstanceOf(WebhookVerificationError);
    expect(error.message).toMatch(/maxBodyBytes \(1048576 bytes\)/);
    // The default limit is 1 MiB: a few chunks of read-ahead at most, never 200 MiB.
    expect(pulled.bytes).toBeLessThanOrEqual(4 * MIB);
  });

  it('stops at a smaller limit just the same', async () => {
    const { request, pulled } = hugeRequest(200 * MIB);
    const error = await parseWebhookRequest(SECRET, request, { now: NOW, maxBodyBytes: 100 }).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(WebhookVerificationError);
    expect(pulled.bytes).toBeLessThanOrEqual(3 * MIB);
  });
});
