import { createHash, createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hmacSha256, sha256, toHex } from '../src/sha256.js';

const text = (value: string) => new TextEncoder().encode(value);

describe('sha256', () => {
  it('gives the FIPS 180-4 digests', () => {
    expect(toHex(sha256(text('')))).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(toHex(sha256(text('abc')))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(toHex(sha256(text('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')))).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
  });

  it('agrees with node:crypto on every length around the block and padding edges', () => {
    for (let length = 0; length <= 300; length++) {
      const data = randomBytes(length);
      expect(toHex(sha256(data)), `length ${length}`).toBe(
        createHash('sha256').update(data).digest('hex'),
      );
    }
  });

  it('agrees with node:crypto on a large input', () => {
    const data = randomBytes(1_000_003);
    expect(toHex(sha256(data))).toBe(createHash('sha256').update(data).digest('hex'));
  });
});

describe('hmacSha256', () => {
  it('gives the RFC 4231 results', () => {
    // Test case 2: key "Jefe".
    expect(toHex(hmacSha256(text('Jefe'), text('what do ya want for nothing?')))).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
    // Test case 6: a 131-byte key, hashed first.
    expect(
      toHex(
        hmacSha256(
          new Uint8Array(131).fill(0xaa),
          text('Test Using Larger Than Block-Size Key - Hash Key First'),
        ),
      ),
    ).toBe('60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54');
  });

  it('agrees with node:crypto for keys shorter than, equal to and longer than a block', () => {
    for (const keyLength of [0, 1, 20, 63, 64, 65, 200]) {
      for (const messageLength of [0, 1, 55, 56, 64, 119, 500]) {
        const key = randomBytes(keyLength);
        const message = randomBytes(messageLength);
        expect(toHex(hmacSha256(key, message))).toBe(
          createHmac('sha256', key).update(message).digest('hex'),
        );
      }
    }
  });
});
