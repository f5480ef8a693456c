import { describe, expect, it } from 'vitest';
import { base64ToBytes, bytesToBase64, bytesToBase64Url } from '../src/index.js';

const bytes = (...values: number[]) => new Uint8Array(values);

describe('base64', () => {
  it('encodes standard base64 with padding', () => {
    expect(bytesToBase64(bytes())).toBe('');
    expect(bytesToBase64(bytes(0xfb, 0xff))).toBe('+/8=');
    expect(bytesToBase64(new TextEncoder().encode('hello'))).toBe('aGVsbG8=');
  });

  it('encodes URL-safe base64 and keeps the padding', () => {
    expect(bytesToBase64Url(bytes(0xfb, 0xff))).toBe('-_8=');
    expect(bytesToBase64Url(bytes(0xfb))).toBe('-w==');
  });

  it('encodes inputs larger than one chunk', () => {
    const big = new Uint8Array(100_000).map((_, i) => (i * 7) % 256);
    const encoded = bytesToBase64(big);
    expect(encoded).toBe(Buffer.from(big).toString('base64'));
    // Compared as Buffers: a deep equality over 100,000 elements is slow enough to time out.
    expect(Buffer.from(base64ToBytes(encoded)!).equals(Buffer.from(big))).toBe(true);
  });

  it('decodes either alphabet, with or without padding, and spaces from query strings', () => {
    for (const text of ['+/8=', '-_8=', '-_8', ' /8=', '+/8=\n', '\t-_8=']) {
      expect(base64ToBytes(text)).toEqual(bytes(0xfb, 0xff));
    }
    // `AAA+` read back from a query string ends in a space that must not be trimmed away.
    expect(base64ToBytes('AAA ')).toEqual(bytes(0, 0, 0x3e));
  });

  it('returns undefined for text that is not base64', () => {
    expect(base64ToBytes('a*b')).toBeUndefined();
    expect(base64ToBytes('abcde')).toBeUndefined();
    expect(base64ToBytes('')).toEqual(bytes());
  });
});
