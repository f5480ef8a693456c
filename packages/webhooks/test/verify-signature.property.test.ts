import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { verifyWebhookSignature } from '../src/index.js';
import { sign } from './sign.js';

const verify = verifyWebhookSignature as (
  ...args: unknown[]
) => ReturnType<typeof verifyWebhookSignature>;

const headerShapes = (timestamp: unknown, signature: unknown) =>
  fc.constantFrom<unknown>(
    { 'fs-timestamp': timestamp, 'fs-signature': signature },
    { 'FS-Timestamp': timestamp, 'FS-Signature': signature },
    { 'fs-timestamp': [timestamp], 'fs-signature': signature },
    { 'fs-timestamp': timestamp, 'fs-signature': [signature, signature] },
    { 'fs-timestamp': timestamp, 'fs-signature': signature, 'FS-SIGNATURE': signature },
    { 'fs-timestamp': timestamp },
    { 'fs-signature': signature },
  );

// Hundreds of HMACs per property: CPU-bound, so on a loaded machine they take many times the
// default 5 s. The timeout only guards against a hang.
describe('verifyWebhookSignature (properties)', { timeout: 60_000 }, () => {
  it('never throws and never verifies arbitrary values', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.anything(),
        fc.oneof(fc.anything(), fc.string(), fc.uint8Array()),
        fc.oneof(
          fc.anything(),
          fc.anything().chain((v) => headerShapes(v, v)),
        ),
        fc.oneof(
          fc.anything(),
          fc.record({ toleranceSeconds: fc.anything(), now: fc.anything() }, { requiredKeys: [] }),
        ),
        async (secret, body, headers, options) => {
          const result = await verify(secret, body, headers, options);
          expect(result.valid).toBe(false);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('is valid exactly when a node:crypto referee says the signature, format and window hold', async () => {
    const now = 1_700_000_000;
    const seen = { valid: 0, invalid: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1 }),
        fc.oneof(fc.string({ unit: 'grapheme' }), fc.uint8Array({ maxLength: 256 })),
        fc.oneof(
          { arbitrary: fc.integer({ min: now - 400, max: now + 400 }).map(String), weight: 4 },
          fc.constantFrom('', '-1', '1e9', ' 1', '1700000000.0', '17000000000000000'),
          fc.string({ maxLength: 12 }),
        ),
        // Which signature the sender puts in the header.
        fc.oneof(
          { arbitrary: fc.constant('right'), weight: 3 },
          fc.constant('upper'),
          fc.constant('other-secret'),
          fc.integer({ min: 0, max: 63 }),
          fc.string({ maxLength: 70 }),
        ),
        fc.constantFrom(0, 60, 300, Number.POSITIVE_INFINITY),
        fc.constantFrom('record', 'headers'),
        async (secret, body, timestamp, choice, toleranceSeconds, shape) => {
          const right = sign(secret, timestamp, body);
          const signature =
            choice === 'right'
              ? right
              : choice === 'upper'
                ? right.toUpperCase()
                : choice === 'other-secret'
                  ? sign(`${secret}x`, timestamp, body)
                  : typeof choice === 'number'
                    ? right.slice(0, choice) +
                      (right[choice] === 'f' ? '0' : 'f') +
                      right.slice(choice + 1)
                    : choice;
          const record = { 'fs-timestamp': timestamp, 'fs-signature': signature };
          let headers: unknown = record;
          if (shape === 'headers') {
            try {
              headers = new Headers(record);
            } catch {
              return; // not a legal header value: nothing to send
            }
          }
          const result = await verify(secret, body, headers, {
            now: now * 1000,
            toleranceSeconds,
          });
          const sent = shape === 'headers' ? (headers as Headers) : new Headers();
          const normalised =
            shape === 'headers'
              ? { t: sent.get('fs-timestamp') ?? '', s: sent.get('fs-signature') ?? '' }
              : { t: timestamp, s: signature };
          const expected =
            normalised.s.toLowerCase() === sign(secret, normalised.t, body) &&
            /^\d{1,15}$/.test(normalised.t) &&
            Math.abs(Number(normalised.t) - now) <= toleranceSeconds;
          expect(result.valid).toBe(expected);
          seen[expected ? 'valid' : 'invalid']++;
        },
      ),
      { numRuns: 400 },
    );
    // The property must have exercised both outcomes to mean anything.
    expect(seen.valid).toBeGreaterThan(20);
    expect(seen.invalid).toBeGreaterThan(20);
  });
});
