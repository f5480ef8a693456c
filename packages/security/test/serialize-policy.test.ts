import { runInNewContext } from 'node:vm';
import { ValidationError } from '@fs/core';
import { describe, expect, it } from 'vitest';
import { type JsonObject, Security, serializePolicy } from '../src/index.js';

function rejection(policy: unknown): ValidationError {
  try {
    serializePolicy(policy as JsonObject);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error('expected a ValidationError');
}

const withHole: unknown[] = [];
withHole[1] = 'read';

describe('serializePolicy', () => {
  it('writes empty containers and literals as Python does', () => {
    expect(serializePolicy({ a: [], b: {}, c: null, d: true, e: false, f: '' })).toBe(
      '{"a": [], "b": {}, "c": null, "d": true, "e": false, "f": ""}',
    );
    expect(serializePolicy({})).toBe('{}');
  });

  it('writes integer-valued numbers as Python ints, -0 as 0', () => {
    expect(serializePolicy({ a: 1.0, b: -0, c: 2 ** 53, d: 1e22, e: -1e21 })).toBe(
      '{"a": 1, "b": 0, "c": 9007199254740992, "d": 10000000000000000000000, "e": -1000000000000000000000}',
    );
  });

  it('leaves / unescaped and escapes everything outside printable ASCII', () => {
    expect(serializePolicy({ p: '/a b~\u0080\u00ff\u2028' })).toBe(
      '{"p": "/a b~\\u0080\\u00ff\\u2028"}',
    );
  });

  it('escapes a lone surrogate as Python escapes the same code point', () => {
    expect(serializePolicy({ p: '\ud800x' })).toBe('{"p": "\\ud800x"}');
  });

  it('never changes its input', () => {
    const policy = Object.freeze({ b: 1, a: Object.freeze([Object.freeze({ d: 1, c: 2 })]) });
    expect(serializePolicy(policy)).toBe('{"a": [{"c": 2, "d": 1}], "b": 1}');
    expect(Object.keys(policy)).toEqual(['b', 'a']);
  });

  it.each([
    ['a string', 'expiry'],
    ['an array', [1]],
    ['null', null],
    ['a Date', new Date(0)],
    ['a Map', new Map()],
  ])('rejects %s as the policy itself', (_, policy) => {
    expect(rejection(policy).option).toBe('policy');
  });

  it.each([
    ['NaN', { expiry: Number.NaN }, 'policy.expiry'],
    ['Infinity', { expiry: Number.POSITIVE_INFINITY }, 'policy.expiry'],
    ['a bigint', { expiry: 1n }, 'policy.expiry'],
    ['a function', { a: { b: () => 1 } }, 'policy.a.b'],
    ['a symbol', { a: Symbol('x') }, 'policy.a'],
    ['a Date', { a: [new Date(0)] }, 'policy.a[0]'],
    ['a class instance', { a: new (class Point {})() }, 'policy.a'],
    ['undefined in an array', { call: ['read', undefined] }, 'policy.call[1]'],
    ['a hole in an array', { call: withHole }, 'policy.call[0]'],
    ['an odd key', { 'my key': Number.NaN }, 'policy["my key"]'],
  ])('rejects %s, naming where it is', (_, policy, option) => {
    const error = rejection(policy);
    expect(error.option).toBe(option);
    expect(error.message).toContain(`Invalid ${option}`);
  });

  it('rejects cycles instead of recursing forever', () => {
    const policy: Record<string, unknown> = { expiry: 1 };
    policy.self = { again: policy };
    expect(rejection(policy)).toMatchObject({
      option: 'policy.self.again',
      allowed: 'JSON without cycles',
    });
  });

  it('accepts plain objects made in another realm (an iframe, a vm context)', () => {
    const policy = runInNewContext('({ expires: 123, call: ["read"], meta: { a: null } })');
    expect(serializePolicy(policy)).toBe('{"call": ["read"], "expires": 123, "meta": {"a": null}}');
    expect(rejection(runInNewContext('({ at: new Date(0) })')).option).toBe('policy.at');
  });

  it('accepts the same object twice when it is not a cycle', () => {
    const shared = ['read'];
    expect(serializePolicy({ a: shared, b: shared })).toBe('{"a": ["read"], "b": ["read"]}');
  });

  it('makes Security reject a bad policy before signing', () => {
    expect(() => new Security({ expiry: Number.NaN }, 'secret')).toThrow(ValidationError);
  });
});
