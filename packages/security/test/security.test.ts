import { describe, expect, it } from 'vitest';
import { Security, serializePolicy, signPolicy } from '../src/index.js';
import { FLOATS, VECTORS } from './vectors.js';

describe('Security matches the Python SDK byte for byte', () => {
  it.each(VECTORS)('$name', ({ policy, secret, json, policyB64, signature }) => {
    const security = new Security(policy, secret);
    expect(security.policyB64).toBe(policyB64);
    expect(security.signature).toBe(signature);
    expect(security.asUrlString()).toBe(`security=p:${policyB64},s:${signature}`);
    if (json !== undefined) expect(serializePolicy(policy)).toBe(json);
    expect(new TextDecoder().decode(Buffer.from(policyB64, 'base64url'))).toBe(
      serializePolicy(policy),
    );
  });

  it('writes the URL string of a policy and its signature', () => {
    expect(new Security({ expires: 999999999999 }, 'secret').asUrlString()).toBe(
      'security=p:eyJleHBpcmVzIjogOTk5OTk5OTk5OTk5fQ==,s:8c75305f7615776a892ddd165111dba0fa24b45107024a55a7170a7d1d60157a',
    );
  });

  it.each(FLOATS)('writes %d as Python does: %s', (value, python) => {
    expect(serializePolicy({ value })).toBe(`{"value": ${python}}`);
  });
});

describe('signPolicy', () => {
  it.each(VECTORS)('gives the same policy and signature on WebCrypto: $name', async (vector) => {
    await expect(signPolicy(vector.policy, vector.secret)).resolves.toEqual({
      policy: vector.policyB64,
      signature: vector.signature,
    });
  });

  it('rejects a missing secret before signing', async () => {
    await expect(signPolicy({ expiry: 1 }, '')).rejects.toMatchObject({
      name: 'ValidationError',
      option: 'secret',
    });
  });
});

describe('Security', () => {
  it('keeps a frozen, sorted copy of the policy, unaffected by later changes', () => {
    const call = ['read'];
    const policy = { expiry: 1700000000, call, meta: { b: 1, a: 2 } };
    const security = new Security(policy, 'secret');
    call.push('pick');
    policy.expiry = 1;
    expect(security.policy).toEqual({ call: ['read'], expiry: 1700000000, meta: { a: 2, b: 1 } });
    expect(Object.keys(security.policy)).toEqual(['call', 'expiry', 'meta']);
    expect(Object.isFrozen(security.policy)).toBe(true);
    expect(Object.isFrozen((security.policy as { call: string[] }).call)).toBe(true);
    expect(new Security(policy, 'secret').signature).not.toBe(security.signature);
  });

  it('serialises to the { policy, signature } every @fs package takes', () => {
    const security = new Security({ expiry: 253381964415, call: ['read'] }, 'SECURITY-SECRET');
    expect(JSON.parse(JSON.stringify(security))).toEqual({
      policy: 'eyJjYWxsIjogWyJyZWFkIl0sICJleHBpcnkiOiAyNTMzODE5NjQ0MTV9',
      signature: 'f61fa1effb0638ab5b6e208d5d2fd9343f8557d8a0bf529c6d8542935f77bb3c',
    });
  });

  it('omits keys whose value is undefined, as JSON.stringify does', () => {
    const a = new Security({ expiry: 5, handle: undefined }, 's');
    const b = new Security({ expiry: 5 }, 's');
    expect(a.policyB64).toBe(b.policyB64);
    expect(a.signature).toBe(b.signature);
  });

  it('accepts objects without a prototype', () => {
    const policy = Object.assign(Object.create(null) as Record<string, unknown>, { expires: 123 });
    expect(new Security(policy as { expires: number }, 'secret').policyB64).toBe(
      'eyJleHBpcmVzIjogMTIzfQ==',
    );
  });
});
