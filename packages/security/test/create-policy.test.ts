import { ValidationError } from '@fs/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type CreatePolicyOptions,
  createPolicy,
  MAX_EXPIRY_SECONDS,
  POLICY_CALLS,
  Security,
} from '../src/index.js';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const NOW_SECONDS = NOW / 1000;

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(NOW);
});
afterEach(() => {
  vi.useRealTimers();
});

function rejection(options: unknown): ValidationError {
  try {
    createPolicy(options as CreatePolicyOptions);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error('expected a ValidationError');
}

describe('createPolicy', () => {
  it('turns expiresIn into whole unix seconds from now', () => {
    expect(createPolicy({ expiresIn: 3600 })).toEqual({ expiry: NOW_SECONDS + 3600 });
  });

  it('floors the current time when now is between two seconds', () => {
    vi.setSystemTime(NOW + 999);
    expect(createPolicy({ expiresIn: 60 }).expiry).toBe(NOW_SECONDS + 60);
  });

  it('takes expiresAt as unix seconds or a Date', () => {
    expect(createPolicy({ expiresAt: NOW_SECONDS + 10 }).expiry).toBe(NOW_SECONDS + 10);
    expect(createPolicy({ expiresAt: new Date(NOW + 10_500) }).expiry).toBe(NOW_SECONDS + 10);
    expect(createPolicy({ expiresAt: MAX_EXPIRY_SECONDS }).expiry).toBe(253402300799);
  });

  it('writes every restriction it is given, and only those', () => {
    const policy = createPolicy({
      expiresIn: 60,
      call: ['pick', 'store'],
      handle: 'HLOon3NcTS6w7rqyZ3ei',
      url: 'https://example\\.com/.*',
      maxSize: 1024,
      minSize: 0,
      path: '^uploads/',
      container: 'bucket',
    });
    expect(policy).toEqual({
      expiry: NOW_SECONDS + 60,
      call: ['pick', 'store'],
      handle: 'HLOon3NcTS6w7rqyZ3ei',
      url: 'https://example\\.com/.*',
      maxSize: 1024,
      minSize: 0,
      path: '^uploads/',
      container: 'bucket',
    });
    expect(Object.keys(createPolicy({ expiresIn: 60, handle: undefined }))).toEqual(['expiry']);
  });

  it('accepts every call name and an empty call list', () => {
    expect(createPolicy({ expiresIn: 1, call: [...POLICY_CALLS] }).call).toEqual(POLICY_CALLS);
    expect(createPolicy({ expiresIn: 1, call: [] }).call).toEqual([]);
  });

  it('copies the call list', () => {
    const call: ('read' | 'pick')[] = ['read'];
    const policy = createPolicy({ expiresIn: 1, call });
    call.push('pick');
    expect(policy.call).toEqual(['read']);
  });

  it('signs to the same bytes as Python for the same expiry', () => {
    vi.setSystemTime(1_700_000_000_000 - 3600_000);
    const policy = createPolicy({ expiresIn: 3600, call: [] });
    expect(new Security(policy, 'secret').signature).toBe(
      '617b23ce638ac560b7508467588b353e33782655d80ad211cd9a89f1b310c857',
    );
  });

  describe('rejects', () => {
    it('a missing expiry', () => {
      const error = rejection({ call: ['read'] });
      expect(error.option).toBe('expiresIn');
      expect(error.message).toContain('needs an expiry');
    });

    it('both expiresIn and expiresAt', () => {
      expect(rejection({ expiresIn: 60, expiresAt: NOW_SECONDS + 60 }).message).toContain(
        'not both',
      );
    });

    it.each([0, -5, 1.5, Number.NaN, '3600', null])('expiresIn %j', (expiresIn) => {
      expect(rejection({ expiresIn })).toMatchObject({
        option: 'expiresIn',
        received: expiresIn,
        allowed: 'a whole number of seconds greater than 0, e.g. 3600 for an hour',
      });
    });

    it('an expiresIn in milliseconds', () => {
      const error = rejection({ expiresIn: Date.now() + 3_600_000 });
      expect(error.option).toBe('expiresIn');
      expect(error.message).toContain('looks like milliseconds');
    });

    it('an expiresAt in milliseconds', () => {
      for (const expiresAt of [Date.now() + 60_000, MAX_EXPIRY_SECONDS + 1]) {
        const error = rejection({ expiresAt });
        expect(error).toMatchObject({ option: 'expiresAt', received: expiresAt });
        expect(error.message).toContain('looks like milliseconds');
      }
    });

    it('a fractional expiresAt', () => {
      const error = rejection({ expiresAt: NOW_SECONDS + 60.5 });
      expect(error).toMatchObject({ option: 'expiresAt', received: NOW_SECONDS + 60.5 });
      expect(error.allowed).toContain('whole seconds');
    });

    it('an expiry now or in the past', () => {
      for (const expiresAt of [NOW_SECONDS, NOW_SECONDS - 1, 0, new Date(NOW - 1000)]) {
        const error = rejection({ expiresAt });
        expect(error.option).toBe('expiresAt');
        expect(error.allowed).toBe(`a time in the future (now is ${NOW_SECONDS})`);
      }
    });

    it.each([Number.POSITIVE_INFINITY, '2030-01-01', new Date('nope')])(
      'expiresAt %s',
      (expiresAt) => {
        expect(rejection({ expiresAt }).option).toBe('expiresAt');
      },
    );

    it('an unknown call, naming its position', () => {
      const error = rejection({ expiresIn: 60, call: ['read', 'raed'] });
      expect(error).toMatchObject({ option: 'call[1]', received: 'raed' });
      expect(error.allowed).toBe(
        'one of pick, read, stat, write, writeUrl, store, convert, remove, exif, runWorkflow',
      );
    });

    it('a call that is not a list', () => {
      expect(rejection({ expiresIn: 60, call: 'read' })).toMatchObject({ option: 'call' });
    });

    it('a handle that is not a handle', () => {
      expect(rejection({ expiresIn: 60, handle: 'abc' })).toMatchObject({
        option: 'handle',
        received: 'abc',
      });
    });

    it.each(['url', 'path', 'container'])('an empty or non-string %s', (key) => {
      expect(rejection({ expiresIn: 60, [key]: '' })).toMatchObject({ option: key });
      expect(rejection({ expiresIn: 60, [key]: /x/ })).toMatchObject({ option: key });
    });

    it.each(['maxSize', 'minSize'])('a negative, fractional or huge %s', (key) => {
      for (const value of [-1, 1.5, 2 ** 53, '10']) {
        expect(rejection({ expiresIn: 60, [key]: value })).toMatchObject({
          option: key,
          allowed: 'a whole number of bytes, 0 or more',
        });
      }
    });

    it('a minSize above maxSize', () => {
      expect(rejection({ expiresIn: 60, minSize: 10, maxSize: 5 })).toMatchObject({
        option: 'minSize',
        allowed: 'at most maxSize (5)',
      });
    });

    it('an unknown option such as a misspelt expiry', () => {
      const error = rejection({ expiresIn: 60, expiry: 1 });
      expect(error.option).toBe('expiry');
      expect(error.message).toMatch(/^Unknown policy option "expiry"; allowed: expiresIn, /);
    });

    it('anything but an options object', () => {
      expect(rejection(undefined).option).toBe('options');
      expect(rejection(3600).option).toBe('options');
    });
  });
});
