import { ValidationError } from '@fs/core';
import { describe, expect, it } from 'vitest';
import { parseWebhookRequest, WebhookVerificationError } from '../src/index.js';
import { NOW, SECRET, signedHeaders, UPLOAD_BODY } from './sign.js';

function webhookRequest(body: BodyInit | null, headers: Record<string, string>) {
  return new Request('http://127.0.0.1/webhooks/filestack', { method: 'POST', headers, body });
}

describe('parseWebhookRequest (web Request)', () => {
  it('verifies and parses a signed delivery', async () => {
    const request = webhookRequest(UPLOAD_BODY, signedHeaders(UPLOAD_BODY));
    const event = await parseWebhookRequest(SECRET, request, { now: NOW });
    expect(event).toMatchObject({ known: true, action: 'fp.upload', id: 30813791 });
    expect(request.bodyUsed).toBe(true);
  });

  it('verifies the bytes of a streamed, non-ASCII body split inside a character', async () => {
    const body = JSON.stringify({ id: 1, action: 'fp.delete', text: { url: 'https://x/ü🎉' } });
    const bytes = new TextEncoder().encode(body);
    const split = bytes.indexOf(0xf0) + 2; // in the middle of the emoji
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.slice(0, split));
        controller.enqueue(bytes.slice(split));
        controller.close();
      },
    });
    const request = new Request('http://127.0.0.1/hook', {
      method: 'POST',
      headers: signedHeaders(body),
      body: stream,
      duplex: 'half',
    } as RequestInit);
    const event = await parseWebhookRequest(SECRET, request, { now: NOW });
    expect(event.known && event.action === 'fp.delete' && event.text.url).toBe('https://x/ü🎉');
  });

  it('rejects a tampered body with the reason', async () => {
    const request = webhookRequest(`${UPLOAD_BODY}\n`, signedHeaders(UPLOAD_BODY));
    await expect(parseWebhookRequest(SECRET, request, { now: NOW })).rejects.toMatchObject({
      name: 'WebhookVerificationError',
      reason: 'mismatch',
    });
  });

  it('rejects an unsigned request as missing-header', async () => {
    const request = webhookRequest(UPLOAD_BODY, { 'content-type': 'application/json' });
    await expect(parseWebhookRequest(SECRET, request)).rejects.toMatchObject({
      reason: 'missing-header',
    });
  });

  it('says how to keep the raw body when it was already read', async () => {
    const request = webhookRequest(UPLOAD_BODY, signedHeaders(UPLOAD_BODY));
    await request.json();
    const error = await parseWebhookRequest(SECRET, request, { now: NOW }).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toMatch(/already read/);
    expect(error.message).toMatch(/request\.clone\(\)/);
  });

  it('refuses a locked body as already read', async () => {
    const request = webhookRequest(UPLOAD_BODY, signedHeaders(UPLOAD_BODY));
    request.body?.getReader();
    await expect(parseWebhookRequest(SECRET, request, { now: NOW })).rejects.toBeInstanceOf(
      ValidationError,
    );
  });

  it('works on a clone, leaving the original readable', async () => {
    const request = webhookRequest(UPLOAD_BODY, signedHeaders(UPLOAD_BODY));
    const event = await parseWebhookRequest(SECRET, request.clone(), { now: NOW });
    expect(event.action).toBe('fp.upload');
    expect(await request.text()).toBe(UPLOAD_BODY);
  });

  it('refuses bodies over maxBodyBytes, by Content-Length and by actual size', async () => {
    const headers = signedHeaders(UPLOAD_BODY);
    const declared = webhookRequest(UPLOAD_BODY, { ...headers, 'content-length': '999999999' });
    const error = await parseWebhookRequest(SECRET, declared, { now: NOW }).catch((e) => e);
    expect(error).toBeInstanceOf(WebhookVerificationError);
    expect(error.message).toMatch(/maxBodyBytes/);
    expect(declared.bodyUsed).toBe(false);

    const actual = webhookRequest(UPLOAD_BODY, headers);
    await expect(
      parseWebhookRequest(SECRET, actual, { now: NOW, maxBodyBytes: 100 }),
    ).rejects.toMatchObject({ reason: 'bad-input' });
    const fits = webhookRequest(UPLOAD_BODY, headers);
    await expect(
      parseWebhookRequest(SECRET, fits, { now: NOW, maxBodyBytes: UPLOAD_BODY.length }),
    ).resolves.toMatchObject({ action: 'fp.upload' });
  });

  it('rejects an invalid maxBodyBytes with a ValidationError naming it', async () => {
    const request = webhookRequest(UPLOAD_BODY, signedHeaders(UPLOAD_BODY));
    const error = await parseWebhookRequest(SECRET, request, { maxBodyBytes: 0 }).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.option).toBe('maxBodyBytes');
  });
});
