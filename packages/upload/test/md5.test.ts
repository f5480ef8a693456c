import { md5Base64 } from '@fs/test-kit';
import { describe, expect, it } from 'vitest';
import { md5Base64 as browserMd5 } from '../src/md5.browser.js';
import { md5InSlices } from '../src/md5.js';
import { md5Base64 as nodeMd5 } from '../src/md5.node.js';

function pattern(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = (i * 31 + 7) & 255;
  return bytes;
}

describe('md5Base64', () => {
  it('gives the MD5 of "hello world" that docs/protocol.md#md5 shows, in both builds', () => {
    const bytes = new TextEncoder().encode('hello world');
    expect(browserMd5(bytes)).toBe('XrY7u+Ae7tCTyyK7j1rNww==');
    expect(nodeMd5(bytes)).toBe('XrY7u+Ae7tCTyyK7j1rNww==');
  });

  it('agrees with node:crypto around every padding boundary', () => {
    for (const length of [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 1000]) {
      expect(browserMd5(pattern(length)), `length ${length}`).toBe(md5Base64(pattern(length)));
    }
  });

  it('reads unaligned views and views into larger buffers correctly', () => {
    const buffer = pattern(200_003);
    for (const offset of [0, 1, 2, 3, 5]) {
      for (const length of [0, 64, 65_535, 65_536, 65_537, 131_073, 199_000]) {
        const view = buffer.subarray(offset, offset + length);
        expect(browserMd5(view), `offset ${offset} length ${length}`).toBe(md5Base64(view));
      }
    }
  });

  it('hashes a multi-megabyte part the same as node:crypto', () => {
    const part = pattern(5 * 1024 * 1024 + 17);
    expect(browserMd5(part)).toBe(md5Base64(part));
    expect(nodeMd5(part)).toBe(md5Base64(part));
  });

  it('gives the same digest worked out in slices, awaiting a turn before each slice but the first', async () => {
    for (const [length, slice, turns] of [
      [0, 64, 0],
      [63, 64, 0],
      [64, 64, 0],
      [129, 64, 1],
      [70_000, 1024, 68],
      [70_000, 65_536, 1],
    ] as const) {
      const bytes = pattern(length);
      let taken = 0;
      const digest = await md5InSlices(bytes, slice, async () => taken++);
      expect(Buffer.from(digest).toString('base64'), `${length}/${slice}`).toBe(md5Base64(bytes));
      expect(taken, `${length}/${slice}`).toBe(turns);
    }
  });
});
