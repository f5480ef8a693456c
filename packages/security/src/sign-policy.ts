import { FilestackError, type SignedPolicy } from '@fs/core';
import { asciiBytes, encodePolicy, type PolicyInput } from './encode-policy.js';
import { assertSecret } from './secret.js';
import { toHex } from './sha256.js';

/**
 * Signs a policy with WebCrypto: the same `{ policy, signature }` as `new Security(...)`, for
 * runtimes that have `crypto.subtle` (Node 20+, Deno, Bun, edge workers, browsers in secure
 * contexts) and bundles that want no hash code of their own.
 *
 * @example
 * const security = await signPolicy(createPolicy({ expiresIn: 600, call: ['pick'] }), env.SECRET);
 * return Response.json(security); // { policy, signature }
 */
export async function signPolicy(policy: PolicyInput, secret: string): Promise<SignedPolicy> {
  assertSecret(secret);
  const { policyB64 } = encodePolicy(policy);
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) {
    throw new FilestackError(
      'signPolicy needs WebCrypto (crypto.subtle), which this runtime lacks; use new Security(policy, secret) instead',
      { code: 'UNSUPPORTED' },
    );
  }
  const key = await subtle.importKey(
    'raw',
    new TextEncoder().encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const mac = await subtle.sign('HMAC', key, asciiBytes(policyB64));
  return { policy: policyB64, signature: toHex(new Uint8Array(mac)) };
}
