import { describe, expect, it } from 'vitest';
import {
  AbortError,
  describeValue,
  FilestackError,
  HttpError,
  isAbortError,
  NetworkError,
  REDACTED,
  redactText,
  redactUrl,
  TimeoutError,
  toFilestackError,
  ValidationError,
} from '../src/index.js';

const SIGNATURE = '0123456789abcdef'.repeat(4);

describe('error classes', () => {
  it('are all FilestackErrors with a name, a code and retryable', () => {
    const cases: [FilestackError, string, string, boolean][] = [
      [new AbortError(), 'AbortError', 'ABORTED', false],
      [new TimeoutError('slow'), 'TimeoutError', 'TIMEOUT', true],
      [new NetworkError('reset'), 'NetworkError', 'NETWORK', true],
      [
        new ValidationError({ option: 'a', received: 1, allowed: '2' }),
        'ValidationError',
        'VALIDATION',
        false,
      ],
      [new FilestackError('odd answer', { code: 'PROTOCOL' }), 'FilestackError', 'PROTOCOL', false],
    ];
    for (const [error, name, code, retryable] of cases) {
      expect(error).toBeInstanceOf(Error);
      expect(error).toBeInstanceOf(FilestackError);
      expect(error).toMatchObject({ name, code, retryable });
      expect(String(error)).toMatch(new RegExp(`^${name}: `));
    }
  });

  it('keep the cause', () => {
    const cause = new Error('socket hang up');
    expect(new NetworkError('failed', cause).cause).toBe(cause);
    expect(new FilestackError('x', { code: 'X', cause }).cause).toBe(cause);
    expect('cause' in new FilestackError('x', { code: 'X' })).toBe(false);
  });

  it('scrub signatures and security tasks out of any message', () => {
    const error = new FilestackError(
      `failed at https://cdn.filestackcontent.com/security=p:abc,s:${SIGNATURE}/resize=w:1/h and ${SIGNATURE}`,
      { code: 'X' },
    );
    expect(error.message).not.toContain(SIGNATURE);
    expect(error.message).not.toContain('p:abc');
    expect(error.message).toContain('security=[redacted]/resize=w:1/h');
  });
});

describe('ValidationError', () => {
  it('says which option, what was given and what is allowed', () => {
    const error = new ValidationError({
      option: 'partSize',
      received: 12,
      allowed: 'an integer from 5242880 upwards',
    });
    expect(error.message).toBe(
      'Invalid partSize: got 12; expected an integer from 5242880 upwards',
    );
    expect(error).toMatchObject({
      option: 'partSize',
      received: 12,
      allowed: 'an integer from 5242880 upwards',
    });
  });

  it('takes a message of its own', () => {
    const error = new ValidationError({ option: 'a', received: 1, allowed: '2', message: 'Nope' });
    expect(error.message).toBe('Nope');
  });
});

describe('describeValue', () => {
  it('prints values short enough for a message', () => {
    expect(describeValue('abc')).toBe('"abc"');
    expect(describeValue('x'.repeat(100))).toBe(`"${'x'.repeat(80)}..."`);
    expect(describeValue(1.5)).toBe('1.5');
    expect(describeValue(false)).toBe('false');
    expect(describeValue(10n)).toBe('10');
    expect(describeValue(null)).toBe('null');
    expect(describeValue(undefined)).toBe('undefined');
    expect(describeValue([1, 2])).toBe('an array of 2');
    expect(describeValue(() => 1)).toBe('a function');
    expect(describeValue({ a: 1 })).toBe('an object');
    expect(describeValue(new Date(0))).toBe('a Date');
    expect(describeValue(new Uint8Array(1))).toBe('a Uint8Array');
  });
});

describe('isAbortError', () => {
  it('recognises aborts of any origin', () => {
    expect(isAbortError(new AbortError())).toBe(true);
    expect(isAbortError(new DOMException('x', 'AbortError'))).toBe(true);
    expect(isAbortError(Object.assign(new Error('x'), { name: 'AbortError' }))).toBe(true);
    expect(isAbortError(new DOMException('x', 'TimeoutError'))).toBe(false);
    expect(isAbortError('AbortError')).toBe(false);
    expect(isAbortError(null)).toBe(false);
  });
});

describe('toFilestackError', () => {
  it('passes FilestackErrors through and wraps anything else', () => {
    const own = new TimeoutError('slow');
    expect(toFilestackError(own, 'GET', 'http://x')).toBe(own);
    expect(toFilestackError(new DOMException('x', 'AbortError'), 'GET', 'http://x')).toBeInstanceOf(
      AbortError,
    );
    const wrapped = toFilestackError(
      new TypeError('fetch failed'),
      'PUT',
      `http://x/?signature=${SIGNATURE}`,
    );
    expect(wrapped).toBeInstanceOf(NetworkError);
    expect(wrapped.message).toBe('PUT http://x/?signature=[redacted] failed: fetch failed');
    expect(toFilestackError('boom', 'GET', 'http://x').message).toBe('GET http://x failed: boom');
  });
});

describe('redactUrl', () => {
  it('redacts policy, signature, key and secret query values, whatever their case', () => {
    expect(
      redactUrl(
        'https://www.filestackapi.com/api/file/h?Policy=p&SIGNATURE=s&key=k&secret=x&dl=true',
      ),
    ).toBe(
      `https://www.filestackapi.com/api/file/h?Policy=${REDACTED}&SIGNATURE=${REDACTED}&key=${REDACTED}&secret=${REDACTED}&dl=true`,
    );
  });

  it('redacts the security task in a processing path and drops the fragment', () => {
    expect(
      redactUrl(
        'https://cdn.filestackcontent.com/KEY/security=policy:p,signature:s/resize=w:2/h#x',
      ),
    ).toBe(`https://cdn.filestackcontent.com/KEY/security=${REDACTED}/resize=w:2/h`);
  });

  it('leaves URLs without secrets as they are', () => {
    const url = 'https://cdn.filestackcontent.com/resize=w:2/h?cache=false&policyish=1';
    expect(redactUrl(url)).toBe(url);
    expect(redactUrl('https://a.test/x?flag&key')).toBe('https://a.test/x?flag&key');
  });

  it('recognises encoded parameter names', () => {
    expect(redactUrl('https://a.test/?%70olicy=p')).toBe(`https://a.test/?%70olicy=${REDACTED}`);
  });

  it('keeps a malformed escape as written and still redacts the other parameters', () => {
    const url = 'https://a.test/x?%zz=1&policy=p&signature=s';
    expect(redactUrl(url)).toBe(`https://a.test/x?%zz=1&policy=${REDACTED}&signature=${REDACTED}`);
    const error = new HttpError({ status: 400, method: 'GET', url, body: '', retryable: false });
    expect(error).toBeInstanceOf(HttpError);
    expect(error.message).not.toMatch(/=p&|=s$/);
  });
});

describe('redactText', () => {
  it('removes hex signatures and security tasks from free text', () => {
    expect(redactText(`bad signature ${SIGNATURE}!`)).toBe(`bad signature ${REDACTED}!`);
    expect(redactText('see security=p:abc,s:def/h')).toBe(`see security=${REDACTED}/h`);
    expect(redactText('a short hex abcdef01 stays')).toBe('a short hex abcdef01 stays');
  });
});

describe('HttpError bodies', () => {
  it('redacts signatures inside text and JSON bodies', () => {
    const text = new HttpError({
      status: 403,
      method: 'POST',
      url: 'http://x',
      body: `no: ${SIGNATURE}`,
      retryable: false,
    });
    expect(text.body).toBe(`no: ${REDACTED}`);
    const nested = new HttpError({
      status: 403,
      method: 'POST',
      url: 'http://x',
      body: { error: 'x', detail: { sig: SIGNATURE } },
      retryable: false,
    });
    expect(nested.body).toEqual({ error: 'x', detail: { sig: REDACTED } });
    expect(nested.message).toBe('POST http://x failed with HTTP 403: x');
  });

  it('shortens a long body in the message', () => {
    const error = new HttpError({
      status: 500,
      method: 'GET',
      url: 'http://x',
      body: 'y'.repeat(500),
      retryable: true,
    });
    expect(error.message).toBe(`GET http://x failed with HTTP 500: ${'y'.repeat(200)}...`);
  });
});
