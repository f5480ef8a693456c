import { inspect } from 'node:util';
import { ValidationError } from '@fs/core';
import { describe, expect, it } from 'vitest';
import { createPolicy, Security, signPolicy } from '../src/index.js';

const SECRET = 'S3CRET-do-not-leak-0123456789';
const policy = { expiry: 253381964415, call: ['read' as const] };

/** Every string reachable from `value`'s own properties, enumerable or not, symbols included. */
function ownStrings(value: object): string[] {
  const out: string[] = [];
  for (const key of Reflect.ownKeys(value)) {
    const descriptor = Object.getOwnPropertyDescriptor(value, key)!;
    const item: unknown = descriptor.value;
    if (typeof item === 'string') out.push(item);
    else if (item && typeof item === 'object') out.push(JSON.stringify(item));
  }
  return out;
}

describe('the app secret never leaks', () => {
  const security = new Security(policy, SECRET);

  it('is not kept on the object, enumerable or not', () => {
    expect(ownStrings(security).join('\n')).not.toContain(SECRET);
    expect(Object.keys(security).sort()).toEqual(['policy', 'policyB64', 'signature']);
  });

  it('is absent from JSON.stringify', () => {
    const json = JSON.stringify(security);
    expect(json).not.toContain(SECRET);
    expect(JSON.stringify({ nested: [security] })).not.toContain(SECRET);
  });

  it('is absent from util.inspect, which also hides the signature and encoded policy', () => {
    for (const text of [
      inspect(security),
      inspect(security, { showHidden: true, depth: 10 }),
      inspect({ wrapped: security }),
    ]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(security.signature);
      expect(text).not.toContain(security.policyB64);
    }
    expect(inspect(security)).toBe(
      "Security { policy: { call: [ 'read' ], expiry: 253381964415 }, policyB64: '[redacted]', signature: '[redacted]' }",
    );
  });

  it('is absent from String() and template literals', () => {
    expect(String(security)).not.toContain(SECRET);
    expect(`${security.asUrlString()}`).not.toContain(SECRET);
  });

  it('is absent from the errors of a bad policy', () => {
    let error: unknown;
    try {
      new Security({ expiry: Number.NaN, note: SECRET.slice(0, 3) }, SECRET);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect(String((error as Error).message)).not.toContain(SECRET);
    expect(JSON.stringify(error)).not.toContain(SECRET);
    expect(inspect(error)).not.toContain(SECRET);
  });

  it.each([
    ['an empty string', ''],
    ['a number', 12345],
    ['undefined', undefined],
    ['null', null],
    ['a Uint8Array', new TextEncoder().encode(SECRET)],
  ])('rejects %s as the secret without printing it', async (_, secret) => {
    let error: unknown;
    try {
      new Security(policy, secret as string);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ option: 'secret' });
    for (const text of [(error as Error).message, JSON.stringify(error), inspect(error)]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain('12345');
      expect(text).not.toContain('83,51'); // the bytes of the secret
    }
    await expect(signPolicy(policy, secret as string)).rejects.toMatchObject({ option: 'secret' });
  });

  it('a wrong secret is reported as such, never echoed', () => {
    expect(() => new Security(policy, '')).toThrow(
      'Invalid secret: got an empty string; expected the app secret, a non-empty string',
    );
    expect(() => new Security(policy, 42 as unknown as string)).toThrow(
      'Invalid secret: got a value of type number; expected the app secret, a non-empty string',
    );
  });

  it('is not needed by createPolicy at all', () => {
    expect(JSON.stringify(createPolicy({ expiresIn: 60 }))).not.toContain(SECRET);
  });
});
