import { FilestackError } from '@fs/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  verifyWebhookSignature,
  type WebhookFailureReason,
  WebhookVerificationError,
} from '../src/index.js';
import { NOW, NOW_SECONDS, SECRET, sign, signedHeaders, UPLOAD_BODY } from './sign.js';

// The test vectors of docs/protocol.md#webhook-signature.
const PY_BODY = '{"text": {"filename": "filename.jpg", "key": "kGaeljnga9wkysK6Z_filename.jpg"}}';
const PY_HEADERS = {
  'FS-Timestamp': '123456789999',
  'FS-Signature': '57cbb25386c3d6ff758a7a75cf52ba02cf2b0a1a2d6d5dfb9c886553ca6011cb',
};
const JS_BODY =
  '{"id": 6844, "action": "fp.upload", "timestamp": 1559199901, "text": {"url": "http://cdn.filestackapi.dev/xK88QArxRiyVvFzo4p33", "client": "Computer", "data": {"filename": "01 (1).png", "type": "image/png", "size": 881855}}}';
const JS_HEADERS = {
  'FS-Timestamp': '1559199901',
  'FS-Signature': '14495b54b246e1352bb69cd91c5c1bfe2221f2d0330414b3df8f5fb2903db730',
};

async function reasonOf(...args: Parameters<typeof verifyWebhookSignature>) {
  const result = await verifyWebhookSignature(...args);
  return result.valid ? 'valid' : result.reason;
}

describe('verifyWebhookSignature', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('accepts the Python test vector with the replay window off', async () => {
    const result = await verifyWebhookSignature('webhook-secret', PY_BODY, PY_HEADERS, {
      toleranceSeconds: Number.POSITIVE_INFINITY,
    });
    expect(result).toEqual({ valid: true, timestamp: 123456789999 });
  });

  it('refuses the Python test vector as stale with the default window', async () => {
    const result = await verifyWebhookSignature('webhook-secret', PY_BODY, PY_HEADERS);
    expect(result.valid).toBe(false);
    if (result.valid) return;
    expect(result.reason).toBe('stale');
    expect(result.error).toBeInstanceOf(WebhookVerificationError);
    expect(result.error).toBeInstanceOf(FilestackError);
    expect(result.error.reason).toBe('stale');
  });

  it('accepts the JS test vector inside its window, as a string and as bytes', async () => {
    const now = 1559199901 * 1000 + 60_000;
    expect(await reasonOf('Y5cWb1rdRDSTSqEjF5pv', JS_BODY, JS_HEADERS, { now })).toBe('valid');
    const bytes = new TextEncoder().encode(JS_BODY);
    expect(await reasonOf('Y5cWb1rdRDSTSqEjF5pv', bytes, JS_HEADERS, { now })).toBe('valid');
    expect(await reasonOf('Y5cWb1rdRDSTSqEjF5pv', bytes.buffer, JS_HEADERS, { now })).toBe('valid');
    expect(
      await reasonOf('Y5cWb1rdRDSTSqEjF5pv', Buffer.from(JS_BODY), JS_HEADERS, {
        now: new Date(now),
      }),
    ).toBe('valid');
  });

  it('agrees with node:crypto on a delivery signed now', async () => {
    const headers = signedHeaders(UPLOAD_BODY);
    const result = await verifyWebhookSignature(SECRET, UPLOAD_BODY, headers, { now: NOW });
    expect(result).toEqual({ valid: true, timestamp: NOW_SECONDS });
  });

  it('uses the real clock by default', async () => {
    const seconds = Math.floor(Date.now() / 1000);
    expect(await reasonOf(SECRET, UPLOAD_BODY, signedHeaders(UPLOAD_BODY, seconds))).toBe('valid');
    expect(await reasonOf(SECRET, UPLOAD_BODY, signedHeaders(UPLOAD_BODY, seconds - 3600))).toBe(
      'stale',
    );
  });

  describe('tampering', () => {
    it('refuses a body with one character changed', async () => {
      const headers = signedHeaders(UPLOAD_BODY);
      const tampered = UPLOAD_BODY.replace('158584', '158585');
      expect(await reasonOf(SECRET, tampered, headers, { now: NOW })).toBe('mismatch');
    });

    it('refuses re-serialised JSON, which is not the raw body', async () => {
      const raw = '{"action": "fp.upload", "id": 1}';
      const headers = signedHeaders(raw);
      const reserialised = JSON.stringify(JSON.parse(raw));
      expect(await reasonOf(SECRET, raw, headers, { now: NOW })).toBe('valid');
      expect(await reasonOf(SECRET, reserialised, headers, { now: NOW })).toBe('mismatch');
    });

    it('refuses a signature with one hex digit changed', async () => {
      const headers = signedHeaders(UPLOAD_BODY);
      const signature = headers['fs-signature']!;
      const flipped = (signature[0] === '0' ? '1' : '0') + signature.slice(1);
      const last = signature.slice(0, -1) + (signature.endsWith('a') ? 'b' : 'a');
      for (const bad of [flipped, last]) {
        expect(
          await reasonOf(SECRET, UPLOAD_BODY, { ...headers, 'fs-signature': bad }, { now: NOW }),
        ).toBe('mismatch');
      }
    });

    it('refuses a signature made with another secret', async () => {
      const headers = signedHeaders(UPLOAD_BODY, NOW_SECONDS, 'another-secret');
      expect(await reasonOf(SECRET, UPLOAD_BODY, headers, { now: NOW })).toBe('mismatch');
    });

    it('refuses a timestamp changed after signing, even inside the window', async () => {
      const headers = signedHeaders(UPLOAD_BODY);
      const moved = { ...headers, 'fs-timestamp': String(NOW_SECONDS + 1) };
      expect(await reasonOf(SECRET, UPLOAD_BODY, moved, { now: NOW })).toBe('mismatch');
    });

    it('refuses signatures that are truncated, padded, prefixed or not hex', async () => {
      const signature = signedHeaders(UPLOAD_BODY)['fs-signature']!;
      for (const bad of [
        signature.slice(0, 63),
        `${signature}0`,
        `sha256=${signature}`,
        `${signature.slice(0, 62)}zz`,
        ' '.repeat(64),
        signature.slice(0, 32),
      ]) {
        const headers = { 'fs-timestamp': String(NOW_SECONDS), 'fs-signature': bad };
        expect(await reasonOf(SECRET, UPLOAD_BODY, headers, { now: NOW })).toBe('mismatch');
      }
    });

    it('accepts the signature in upper-case hex (the same bytes)', async () => {
      const headers = signedHeaders(UPLOAD_BODY);
      const upper = { ...headers, 'fs-signature': headers['fs-signature']!.toUpperCase() };
      expect(await reasonOf(SECRET, UPLOAD_BODY, upper, { now: NOW })).toBe('valid');
    });
  });

  describe('the replay window', () => {
    const body = UPLOAD_BODY;

    it('accepts timestamps up to toleranceSeconds away in either direction', async () => {
      for (const offset of [-300, -1, 0, 1, 300]) {
        const headers = signedHeaders(body, NOW_SECONDS + offset);
        expect(await reasonOf(SECRET, body, headers, { now: NOW })).toBe('valid');
      }
    });

    it('refuses old and future timestamps beyond the window as stale', async () => {
      for (const offset of [-301, -86_400, 301, 86_400]) {
        const headers = signedHeaders(body, NOW_SECONDS + offset);
        const result = await verifyWebhookSignature(SECRET, body, headers, { now: NOW });
        expect(result.valid ? 'valid' : result.reason).toBe('stale');
        if (!result.valid) expect(result.error.message).toContain(String(offset));
      }
    });

    it('honours a custom tolerance, including 0', async () => {
      const headers = signedHeaders(body, NOW_SECONDS - 30);
      expect(await reasonOf(SECRET, body, headers, { now: NOW, toleranceSeconds: 60 })).toBe(
        'valid',
      );
      expect(await reasonOf(SECRET, body, headers, { now: NOW, toleranceSeconds: 10 })).toBe(
        'stale',
      );
      const exact = signedHeaders(body, NOW_SECONDS);
      expect(await reasonOf(SECRET, body, exact, { now: NOW, toleranceSeconds: 0 })).toBe('valid');
    });

    it('turns the window off with Infinity, but still checks the signature', async () => {
      const old = signedHeaders(body, 1);
      const off = { now: NOW, toleranceSeconds: Number.POSITIVE_INFINITY };
      expect(await reasonOf(SECRET, body, old, off)).toBe('valid');
      expect(await reasonOf(SECRET, `${body} `, old, off)).toBe('mismatch');
    });

    it('reads FS-Timestamp as seconds: a millisecond timestamp is stale, with a hint', async () => {
      const headers = signedHeaders(body, NOW);
      const result = await verifyWebhookSignature(SECRET, body, headers, { now: NOW });
      expect(result.valid ? 'valid' : result.reason).toBe('stale');
      if (!result.valid) expect(result.error.message).toMatch(/milliseconds/);
    });

    it('reports a forged old delivery as a mismatch, not as stale', async () => {
      const headers = { 'fs-timestamp': '1', 'fs-signature': 'a'.repeat(64) };
      expect(await reasonOf(SECRET, body, headers, { now: NOW })).toBe('mismatch');
    });
  });

  describe('headers', () => {
    const headers = signedHeaders(UPLOAD_BODY);
    const at = { now: NOW };

    it('matches names in any case, in records and in Headers', async () => {
      const mixed = {
        'Fs-TimeStamp': headers['fs-timestamp'],
        'FS-SIGNATURE': headers['fs-signature'],
      };
      expect(await reasonOf(SECRET, UPLOAD_BODY, mixed, at)).toBe('valid');
      expect(await reasonOf(SECRET, UPLOAD_BODY, new Headers(mixed), at)).toBe('valid');
    });

    it('accepts Node-style single-element arrays and ignores undefined entries', async () => {
      const node = {
        'fs-timestamp': [headers['fs-timestamp']!],
        'fs-signature': headers['fs-signature'],
        'x-absent': undefined,
      };
      expect(await reasonOf(SECRET, UPLOAD_BODY, node, at)).toBe('valid');
    });

    it('reports each missing or empty header as missing-header', async () => {
      for (const name of ['fs-timestamp', 'fs-signature']) {
        const without: Record<string, string> = { ...headers };
        delete without[name];
        expect(await reasonOf(SECRET, UPLOAD_BODY, without, at)).toBe('missing-header');
        expect(await reasonOf(SECRET, UPLOAD_BODY, { ...headers, [name]: '' }, at)).toBe(
          'missing-header',
        );
        expect(await reasonOf(SECRET, UPLOAD_BODY, { ...headers, [name]: [] }, at)).toBe(
          'missing-header',
        );
        expect(await reasonOf(SECRET, UPLOAD_BODY, new Headers(without), at)).toBe(
          'missing-header',
        );
      }
      expect(await reasonOf(SECRET, UPLOAD_BODY, {}, at)).toBe('missing-header');
      const result = await verifyWebhookSignature(SECRET, UPLOAD_BODY, {}, at);
      if (!result.valid) expect(result.error.message).toContain('FS-Timestamp');
    });

    it('refuses duplicated headers in every shape, even when the copies are equal', async () => {
      const signature = headers['fs-signature']!;
      const timestamp = headers['fs-timestamp']!;
      const appended = new Headers(headers);
      appended.append('FS-Signature', signature);
      const cases: unknown[] = [
        { ...headers, 'fs-signature': [signature, signature] },
        { ...headers, 'fs-timestamp': [timestamp, timestamp] },
        { ...headers, 'FS-Signature': signature },
        { ...headers, 'FS-TIMESTAMP': timestamp },
        { ...headers, 'fs-signature': `${signature}, ${signature}` },
        appended,
      ];
      for (const duplicated of cases) {
        const result = await verifyWebhookSignature(
          SECRET,
          UPLOAD_BODY,
          duplicated as Record<string, string>,
          at,
        );
        expect(result.valid).toBe(false);
        if (!result.valid) {
          expect(result.reason).toBe('bad-input');
          expect(result.error.message).toMatch(/must appear once/);
        }
      }
    });

    it('refuses timestamps that are not plain decimal seconds', async () => {
      for (const bad of [
        '-1',
        '+1700000000',
        '1700000000.5',
        '1.7e9',
        ' 1700000000',
        'abc',
        '0x1',
      ]) {
        const forged = { 'fs-timestamp': bad, 'fs-signature': sign(SECRET, bad, UPLOAD_BODY) };
        expect(
          await reasonOf(SECRET, UPLOAD_BODY, forged, {
            now: NOW,
            toleranceSeconds: Number.POSITIVE_INFINITY,
          }),
        ).toBe('bad-timestamp');
      }
    });

    it('refuses header values that are not strings', async () => {
      for (const odd of [1700000000, { value: '1' }, [1], null]) {
        const record = { ...headers, 'fs-timestamp': odd } as unknown as Record<string, string>;
        expect(await reasonOf(SECRET, UPLOAD_BODY, record, at)).toBe('bad-input');
      }
      const getter = { get: () => 1700000000 } as unknown as Headers;
      expect(await reasonOf(SECRET, UPLOAD_BODY, getter, at)).toBe('bad-input');
    });
  });

  describe('wrong types never throw and never verify', () => {
    const headers = signedHeaders(UPLOAD_BODY);
    const cases: Array<[string, unknown[], WebhookFailureReason]> = [
      ['an empty secret', ['', UPLOAD_BODY, headers], 'bad-input'],
      ['a missing secret', [undefined, UPLOAD_BODY, headers], 'bad-input'],
      [
        'a secret that is bytes',
        [new TextEncoder().encode(SECRET), UPLOAD_BODY, headers],
        'bad-input',
      ],
      ['a parsed body', [SECRET, JSON.parse(UPLOAD_BODY), headers], 'bad-input'],
      ['a null body', [SECRET, null, headers], 'bad-input'],
      ['a number body', [SECRET, 42, headers], 'bad-input'],
      ['null headers', [SECRET, UPLOAD_BODY, null], 'bad-input'],
      ['string headers', [SECRET, UPLOAD_BODY, 'fs-signature: x'], 'bad-input'],
      [
        'a negative tolerance',
        [SECRET, UPLOAD_BODY, headers, { toleranceSeconds: -1 }],
        'bad-input',
      ],
      [
        'a NaN tolerance',
        [SECRET, UPLOAD_BODY, headers, { toleranceSeconds: Number.NaN }],
        'bad-input',
      ],
      [
        'a string tolerance',
        [SECRET, UPLOAD_BODY, headers, { toleranceSeconds: '300' }],
        'bad-input',
      ],
      ['an invalid Date', [SECRET, UPLOAD_BODY, headers, { now: new Date('nope') }], 'bad-input'],
      ['a string now', [SECRET, UPLOAD_BODY, headers, { now: '2024-01-01' }], 'bad-input'],
    ];
    for (const [name, args, reason] of cases) {
      it(`reports ${name} as ${reason}`, async () => {
        const verify = verifyWebhookSignature as (
          ...a: unknown[]
        ) => ReturnType<typeof verifyWebhookSignature>;
        const result = await verify(...args);
        expect(result.valid).toBe(false);
        if (!result.valid) expect(result.reason).toBe(reason);
      });
    }

    it('fails closed when a header getter throws', async () => {
      const hostile = {
        get() {
          throw new Error('boom');
        },
      };
      expect(await reasonOf(SECRET, UPLOAD_BODY, hostile, { now: NOW })).toBe('bad-input');
    });

    it('fails closed when the runtime has no WebCrypto', async () => {
      vi.stubGlobal('crypto', undefined);
      const result = await verifyWebhookSignature(SECRET, UPLOAD_BODY, headers, { now: NOW });
      expect(result.valid ? 'valid' : result.reason).toBe('bad-input');
    });
  });

  describe('non-ASCII bodies', () => {
    const body = '{"action":"fp.upload","text":{"filename":"café – 日本語 🎉.png"}}';

    it('gives the same answer for the string and its UTF-8 bytes', async () => {
      const headers = signedHeaders(new TextEncoder().encode(body));
      const bytes = new TextEncoder().encode(body);
      expect(await reasonOf(SECRET, body, headers, { now: NOW })).toBe('valid');
      expect(await reasonOf(SECRET, bytes, headers, { now: NOW })).toBe('valid');
      const tampered = body.replace('é', 'e');
      expect(await reasonOf(SECRET, tampered, headers, { now: NOW })).toBe('mismatch');
      expect(
        await reasonOf(SECRET, new TextEncoder().encode(tampered), headers, { now: NOW }),
      ).toBe('mismatch');
    });

    it('uses bytes as they are, even when they are not valid UTF-8', async () => {
      const bytes = new Uint8Array([0x7b, 0xff, 0xfe, 0xc3, 0x7d]);
      const headers = signedHeaders(bytes);
      expect(await reasonOf(SECRET, bytes, headers, { now: NOW })).toBe('valid');
      // Decoding would have replaced the invalid bytes with U+FFFD and changed the message.
      const decoded = new TextDecoder().decode(bytes);
      expect(await reasonOf(SECRET, decoded, headers, { now: NOW })).toBe('mismatch');
    });

    it('reads only the bytes a view covers', async () => {
      const padded = new TextEncoder().encode(`xx${body}yy`);
      const view = padded.subarray(2, padded.length - 2);
      expect(await reasonOf(SECRET, view, signedHeaders(body), { now: NOW })).toBe('valid');
      const dataView = new DataView(padded.buffer, 2, padded.length - 4);
      expect(await reasonOf(SECRET, dataView, signedHeaders(body), { now: NOW })).toBe('valid');
    });

    it('accepts a secret with non-ASCII characters (UTF-8 key)', async () => {
      const secret = 'sécret-ключ';
      const headers = signedHeaders(body, NOW_SECONDS, secret);
      expect(await reasonOf(secret, body, headers, { now: NOW })).toBe('valid');
    });
  });

  describe('secrecy', () => {
    it('never puts the secret or the signature in a message or in JSON', async () => {
      const headers = signedHeaders(UPLOAD_BODY);
      const outcomes = await Promise.all([
        verifyWebhookSignature(SECRET, `${UPLOAD_BODY} `, headers, { now: NOW }),
        verifyWebhookSignature(SECRET, UPLOAD_BODY, headers, { now: NOW + 3_600_000 }),
        verifyWebhookSignature(SECRET, UPLOAD_BODY, headers, { now: 'x' as never }),
      ]);
      for (const outcome of outcomes) {
        expect(outcome.valid).toBe(false);
        if (outcome.valid) continue;
        const text = `${outcome.error.message} ${outcome.error.stack} ${JSON.stringify(outcome)}`;
        expect(text).not.toContain(SECRET);
        expect(text).not.toContain(headers['fs-signature']);
      }
    });
  });
});
