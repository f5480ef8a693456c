import { createRequire } from 'node:module';
import * as core from '@fs/core';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../src/exit-codes.js';
import { explainError } from '../src/explain-error.js';

// A second copy of @fs/core, as an app gets when its ESM and CommonJS code both load it, or
// when @fs/client brings another version: its classes are not the ones the CLI imported.
const otherCopy: typeof core = createRequire(import.meta.url)('@fs/core');

describe('explainError', () => {
  it('is given errors of another copy of @fs/core (the test is only meaningful if it is one)', () => {
    expect(otherCopy.HttpError).not.toBe(core.HttpError);
  });

  it('explains errors of another copy of @fs/core as it explains its own', () => {
    const made = (sdk: typeof core) => [
      new sdk.HttpError({
        status: 404,
        method: 'GET',
        url: 'https://cdn.filestackcontent.com/x',
        body: 'not found',
        retryable: false,
      }),
      new sdk.ValidationError({ option: 'width', received: 'wide', allowed: 'a number' }),
      new sdk.AbortError(),
      new sdk.TimeoutError('the request took too long'),
      new sdk.NetworkError('connection refused'),
      new sdk.FilestackError('the input changed', { code: 'INPUT' }),
    ];
    const own = made(core).map(explainError);
    const other = made(otherCopy).map(explainError);
    expect(other).toEqual(own);
    expect(other.map(({ code, exitCode }) => [code, exitCode])).toEqual([
      ['HTTP', EXIT.failed],
      ['VALIDATION', EXIT.usage],
      ['ABORTED', EXIT.interrupted],
      ['TIMEOUT', EXIT.failed],
      ['NETWORK', EXIT.failed],
      ['INPUT', EXIT.failed],
    ]);
    expect(other[0]!.hint).toBe('no such file: check the handle');
  });
});
