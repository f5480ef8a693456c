import { describe, expect, it } from 'vitest';
import { choosePartSize, planParts } from '../src/part-plan.js';

const MIB = 1024 * 1024;

describe('choosePartSize', () => {
  it('defaults to 8 MiB', () => {
    expect(choosePartSize(100 * MIB)).toBe(8 * MIB);
  });

  it('grows the part size so no file needs more than 10,000 parts', () => {
    const size = 100_000 * MIB; // ~98 GiB
    const partSize = choosePartSize(size, 5 * MIB);
    expect(partSize).toBe(Math.ceil(size / 10_000));
    expect(planParts(size, partSize).length).toBeLessThanOrEqual(10_000);
  });

  it('keeps a requested size that already fits', () => {
    expect(choosePartSize(10 * MIB, 64 * 1024)).toBe(64 * 1024);
  });
});

describe('planParts', () => {
  it('cuts a file into 1-based parts with a shorter last part', () => {
    expect(planParts(10, 4)).toEqual([
      { number: 1, offset: 0, size: 4 },
      { number: 2, offset: 4, size: 4 },
      { number: 3, offset: 8, size: 2 },
    ]);
  });

  it('gives one part for a file of exactly one part size, two for one byte more', () => {
    expect(planParts(4, 4)).toEqual([{ number: 1, offset: 0, size: 4 }]);
    expect(planParts(5, 4)).toHaveLength(2);
    expect(planParts(3, 4)).toEqual([{ number: 1, offset: 0, size: 3 }]);
  });
});
