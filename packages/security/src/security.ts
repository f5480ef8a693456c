import type { SignedPolicy } from '@fs/core';
import { asciiBytes, encodePolicy, type PolicyInput } from './encode-policy.js';
import { assertSecret } from './secret.js';
import { hmacSha256, toHex } from './sha256.js';

/**
 * A signed policy, computed synchronously and byte-identical to the Python SDK's `Security`:
 * same JSON, same URL-safe base64, same lowercase hex HMAC-SHA256, so the same policy gives the
 * same URL in both languages and CDN caches stay warm across a migration.
 *
 * Signing needs the app secret: do it on your server (or an edge function) and hand browsers
 * the result, `JSON.stringify(security)` being `{ policy, signature }`, the shape every `@fs/*`
 * package takes as `security`. The secret is used once in the constructor and never stored, so
 * it cannot leak through the object; `util.inspect` / `console.log` show neither the encoded
 * policy nor the signature.
 *
 * @example
 * const security = new Security(createPolicy({ expiresIn: 3600, call: ['read'] }), secret);
 * const url = `https://cdn.filestackcontent.com/${security.asUrlString()}/${handle}`;
 */
export class Security {
  /** The policy as signed (a frozen copy, keys sorted). */
  readonly policy: Readonly<PolicyInput>;
  /** The policy JSON, URL-safe base64 with `=` padding. */
  readonly policyB64: string;
  /** Lowercase hex HMAC-SHA256 of `policyB64` under the app secret. */
  readonly signature: string;

  /**
   * @param policy a `Policy` (see `createPolicy`) or any JSON object, signed as given.
   * @param secret the app secret; used here and never kept.
   * @throws ValidationError for a missing secret or a policy that is not plain JSON.
   */
  constructor(policy: PolicyInput, secret: string) {
    assertSecret(secret);
    const { json, policyB64 } = encodePolicy(policy);
    this.policy = deepFreeze(JSON.parse(json) as PolicyInput);
    this.policyB64 = policyB64;
    this.signature = toHex(hmacSha256(new TextEncoder().encode(secret), asciiBytes(policyB64)));
    // Defined per instance rather than on the class so that bundles without `Security` drop it.
    Object.defineProperty(this, Symbol.for('nodejs.util.inspect.custom'), {
      value: inspectSecurity,
      enumerable: false,
    });
  }

  /** The processing-URL task, as the Python SDK writes it: `security=p:<policy>,s:<signature>`. */
  asUrlString(): string {
    return `security=p:${this.policyB64},s:${this.signature}`;
  }

  /** `{ policy, signature }`: what a browser needs, and what `JSON.stringify` writes. */
  toJSON(): SignedPolicy {
    return { policy: this.policyB64, signature: this.signature };
  }
}

type Inspect = (value: unknown, options?: unknown) => string;

function inspectSecurity(
  this: Security,
  _depth: number,
  options: unknown,
  inspect: Inspect | undefined,
): string {
  const policy = inspect ? inspect(this.policy, options) : JSON.stringify(this.policy);
  return `Security { policy: ${policy}, policyB64: '[redacted]', signature: '[redacted]' }`;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const item of Object.values(value)) deepFreeze(item);
    Object.freeze(value);
  }
  return value;
}
