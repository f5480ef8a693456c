import { describe, expect, it } from 'vitest';
import {
  AbortError,
  FilestackError,
  HttpError,
  NetworkError,
  TimeoutError,
  ValidationError,
} from '../src/index.js';

describe('isInstance', () => {
  const http = new HttpError({
    status: 503,
    method: 'GET',
    url: 'http://x',
    body: '',
    retryable: true,
  });

  it('recognises each class, every class as a FilestackError, and nothing else', () => {
    expect(FilestackError.isInstance(http)).toBe(true);
    expect(HttpError.isInstance(http)).toBe(true);
    expect(TimeoutError.isInstance(http)).toBe(false);
    expect(TimeoutError.isInstance(new TimeoutError('slow'))).toBe(true);
    expect(NetworkError.isInstance(new AbortError())).toBe(false);
    expect(
      ValidationError.isInstance(new ValidationError({ option: 'a', received: 1, allowed: '2' })),
    ).toBe(true);
    for (const other of [new Error('x'), null, undefined, 'HttpError', { name: 'HttpError' }]) {
      expect(FilestackError.isInstance(other)).toBe(false);
    }
  });

  it('recognises a subclass declared outside core by its own brand', () => {
    class ConversionLikeError extends FilestackError {
      static override readonly brand = 'ConversionLikeError';
    }
    const error = new ConversionLikeError('failed', { code: 'CONVERSION_FAILED' });
    expect(error.name).toBe('ConversionLikeError');
    expect(ConversionLikeError.isInstance(error)).toBe(true);
    expect(FilestackError.isInstance(error)).toBe(true);
    expect(ConversionLikeError.isInstance(new FilestackError('x', { code: 'UNKNOWN' }))).toBe(
      false,
    );
  });

  it('recognises an error of another copy of the package by its marker and name', () => {
    // What the CJS build's HttpError looks like to the ESM build (the upload tests load both
    // builds for real): another class, the same global symbol.
    const foreign = Object.assign(new Error('from the other copy'), { name: 'HttpError' });
    Object.defineProperty(foreign, Symbol.for('fs.error'), { value: true });
    expect(HttpError.isInstance(foreign)).toBe(true);
    expect(FilestackError.isInstance(foreign)).toBe(true);
    expect(TimeoutError.isInstance(foreign)).toBe(false);
    expect(foreign instanceof HttpError).toBe(false);
    // A look-alike without the marker is not one.
    expect(HttpError.isInstance(Object.assign(new Error('x'), { name: 'HttpError' }))).toBe(false);
  });

  it('keeps the marker out of JSON and enumeration', () => {
    expect(Object.getOwnPropertySymbols(http)).toEqual([]);
    expect(JSON.parse(JSON.stringify(http))).toMatchObject({ name: 'HttpError', status: 503 });
  });
});
