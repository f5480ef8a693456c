import { describe, expect, it } from 'vitest';
import { rejection, thrown } from '../src/index.js';

class CodedError extends Error {
  constructor(readonly code: string) {
    super(`failed with ${code}`);
  }
}

describe('rejection', () => {
  it('resolves with the error when the promise rejects with the class and fields asked for', async () => {
    const error = await rejection(Promise.reject(new CodedError('E1')), CodedError, {
      code: 'E1',
    });
    expect(error.message).toBe('failed with E1');
  });

  it('fails when the promise resolves, saying with what', async () => {
    await expect(rejection(Promise.resolve({ ok: 1 }), CodedError)).rejects.toThrow(
      'expected a rejection with CodedError, got a result: { ok: 1 }',
    );
  });

  it('fails when the error is of another class', async () => {
    await expect(rejection(Promise.reject(new Error('plain')), CodedError)).rejects.toThrow(
      /instance of CodedError/,
    );
  });

  it('fails when a field differs', async () => {
    await expect(
      rejection(Promise.reject(new CodedError('E1')), CodedError, { code: 'E2' }),
    ).rejects.toThrow(/toMatchObject|E2/);
  });
});

describe('thrown', () => {
  it('returns what the function threw when it is of the class and fields asked for', () => {
    const error = thrown(
      () => {
        throw new CodedError('E3');
      },
      CodedError,
      { code: 'E3' },
    );
    expect(error).toBeInstanceOf(CodedError);
  });

  it('fails when the function returns', () => {
    expect(() => thrown(() => 42, CodedError)).toThrow(
      'expected a throw of CodedError, got a result: 42',
    );
  });

  it('fails when a field differs', () => {
    expect(() =>
      thrown(
        () => {
          throw new CodedError('E1');
        },
        CodedError,
        { code: 'E2' },
      ),
    ).toThrow();
  });
});
