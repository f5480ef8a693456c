import { createHmac } from 'node:crypto';
import { sameSecret } from './constant-time.js';

/** A decoded policy (docs/protocol.md#policy). Unknown keys (e.g. Java's `calls`) are ignored. */
export interface Policy {
  expiry: number;
  call?: string | string[];
  handle?: string;
  url?: string;
  maxSize?: number;
  minSize?: number;
  path?: string;
  container?: string;
}

/** The calls of docs/protocol.md#calls-per-operation. */
export type Call =
  | 'pick'
  | 'read'
  | 'stat'
  | 'write'
  | 'writeUrl'
  | 'store'
  | 'convert'
  | 'remove'
  | 'exif'
  | 'runWorkflow';

/** Spellings clients use for the same call (docs/protocol.md#emulator-notes-security). */
const SYNONYMS: Record<string, Call> = { write_url: 'writeUrl', runWorkflows: 'runWorkflow' };

/** What an operation needs from the policy. */
export interface AccessRequest {
  /** Every call listed must be allowed. */
  calls: Call[];
  /** The handle being read or changed; every handle of a list source (`zip`). */
  handle?: string | readonly string[];
  /** Size of what is being stored. */
  size?: number;
  /** For operations that store a file: the path and container written to. */
  store?: { path?: string; container?: string };
  /** External URLs being fetched. */
  urls?: string[];
}

/** A failed check: why, in words a developer can act on. Never contains the secret. */
export interface Denial {
  reason: string;
}

/**
 * Decodes base64 in either alphabet, with or without padding, with spaces (a `+` mangled by a
 * query string) restored: clients differ here (docs/protocol.md#encoding-and-signing), so the
 * emulator is lenient.
 */
export function decodeLenientBase64(text: string): Buffer | undefined {
  const normal = text.replace(/ /g, '+').trim().replace(/-/g, '+').replace(/_/g, '/');
  const bare = normal.replace(/=+$/, '');
  if (!/^[A-Za-z0-9+/]*$/.test(bare) || bare.length % 4 === 1) return undefined;
  return Buffer.from(bare, 'base64');
}

/**
 * Lower-case hex HMAC-SHA256 of the policy string as transmitted
 * (docs/protocol.md#encoding-and-signing).
 */
export function signPolicy(policy: string, secret: string): string {
  return createHmac('sha256', secret).update(policy).digest('hex');
}

function matchesRegex(pattern: string, value: string): boolean {
  try {
    // Anchored at the start like Python's re.match, the likely semantics of the service.
    return new RegExp(`^(?:${pattern})`).test(value);
  } catch {
    return false;
  }
}

/**
 * A URL as it will be fetched: dot segments (`..`, `%2e%2e`) resolved, scheme and host
 * lower-cased. A policy `url` is matched against this form, so a path cannot climb out of the
 * prefix the policy allows.
 */
function normalizedUrl(url: string): string | undefined {
  try {
    return new URL(url).href;
  } catch {
    return undefined;
  }
}

function allowedCalls(policy: Policy): Set<string> | undefined {
  if (policy.call === undefined) return undefined;
  const list = Array.isArray(policy.call) ? policy.call : [policy.call];
  return new Set(list.map((c) => SYNONYMS[c] ?? c));
}

/**
 * Checks a policy and signature for an operation (docs/protocol.md#emulator-notes-security):
 * present, signed with `secret`, decodable, not expired, and allowing the calls, handle, size,
 * path, container and URLs asked. Returns undefined when access is granted.
 */
export function checkAccess(
  secret: string,
  policyText: string | undefined,
  signature: string | undefined,
  request: AccessRequest,
  now = Date.now(),
): Denial | undefined {
  if (!policyText || !signature) {
    return { reason: 'proper credentials were not provided (policy and signature are required)' };
  }
  // A query string turns `+` into a space; the signature covers the text with the `+`.
  const transmitted = policyText.replace(/ /g, '+');
  // The service takes lower-case hex only: an upper-case signature is a mismatch.
  if (!sameSecret(signPolicy(transmitted, secret), signature)) {
    return { reason: 'signature does not match the policy' };
  }
  const bytes = decodeLenientBase64(transmitted);
  let policy: Policy;
  try {
    policy = JSON.parse(bytes?.toString('utf8') ?? '') as Policy;
    if (policy === null || typeof policy !== 'object' || Array.isArray(policy)) throw new Error();
  } catch {
    return { reason: 'policy is not base64-encoded JSON' };
  }
  if (typeof policy.expiry !== 'number' || !Number.isFinite(policy.expiry)) {
    return { reason: 'policy has no numeric expiry' };
  }
  if (policy.expiry * 1000 <= now) return { reason: 'policy expired' };
  const allowed = allowedCalls(policy);
  for (const call of request.calls) {
    // Without `call` everything is allowed except exif, which needs an explicit grant.
    const ok = allowed ? allowed.has(call) : call !== 'exif';
    if (!ok) return { reason: `policy does not allow call "${call}"` };
  }
  if (policy.handle !== undefined && request.handle !== undefined) {
    const handles = typeof request.handle === 'string' ? [request.handle] : request.handle;
    const other = handles.find((handle) => handle !== policy.handle);
    if (other !== undefined) return { reason: `policy does not allow handle ${other}` };
  }
  if (request.size !== undefined) {
    if (typeof policy.maxSize === 'number' && request.size > policy.maxSize) {
      return { reason: `size ${request.size} is over the policy maxSize ${policy.maxSize}` };
    }
    if (typeof policy.minSize === 'number' && request.size < policy.minSize) {
      return { reason: `size ${request.size} is under the policy minSize ${policy.minSize}` };
    }
  }
  const { store } = request;
  if (store && typeof policy.path === 'string' && !matchesRegex(policy.path, store.path ?? '')) {
    return { reason: 'invalid security policy path' };
  }
  if (
    store &&
    typeof policy.container === 'string' &&
    !matchesRegex(policy.container, store.container ?? '')
  ) {
    return { reason: 'invalid security policy container' };
  }
  if (typeof policy.url === 'string') {
    for (const url of request.urls ?? []) {
      const normal = normalizedUrl(url);
      if (normal === undefined || !matchesRegex(policy.url, normal)) {
        return { reason: 'policy does not allow this url' };
      }
    }
  }
  return undefined;
}
