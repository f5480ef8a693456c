import { ValidationError } from '@fs/core';
import { useEmulator } from '@fs/emulator/testing';
import { randomBytes } from '@fs/test-kit';
import { describe, expect, it } from 'vitest';
import { upload, uploadUrl } from '../src/index.node.js';

const emu = useEmulator();

describe('retry options', () => {
  const bad: [string, unknown][] = [
    ['retry.attempts', { attempts: Number.POSITIVE_INFINITY, baseDelay: 0 }],
    ['retry.attempts', { attempts: -3 }],
    ['retry.baseDelay', { baseDelay: Number.NaN }],
    ['retry.maxDelay', { maxDelay: -1 }],
    ['retry.jitter', { jitter: '0.5' }],
    ['retry', -1],
    ['retry', 'often'],
  ];

  it.each(bad)(
    'are refused as a ValidationError naming %s before any request',
    async (option, retry) => {
      const options = { apikey: emu.apikey, urls: emu.urls, retry: retry as number };
      await expect(upload(randomBytes(10), options)).rejects.toSatisfy(
        (error) => error instanceof ValidationError && error.option === option,
      );
      await expect(uploadUrl('https://example.com/a.jpg', options)).rejects.toBeInstanceOf(
        ValidationError,
      );
      expect(emu.stats().requests).toEqual([]);
    },
  );
});
