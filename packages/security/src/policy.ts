import { assertHandle, ValidationError } from '@fs/core';

/**
 * Operations a policy can grant (docs/protocol.md#calls-per-operation): `pick` upload, `read`
 * deliver, `stat` metadata, `write` overwrite, `writeUrl` overwrite or store from a URL, `store`
 * store to custom storage, `convert` transform, `remove` delete, `exif` EXIF in metadata,
 * `runWorkflow` run a workflow.
 */
export type PolicyCall =
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

/** Every call name, in the order of the documentation. */
export const POLICY_CALLS: readonly PolicyCall[] = [
  'pick',
  'read',
  'stat',
  'write',
  'writeUrl',
  'store',
  'convert',
  'remove',
  'exif',
  'runWorkflow',
];

/** What a policy may restrict besides its expiry. Absent keys restrict nothing. */
export type PolicyRestrictions = {
  /** Allowed operations; absent means every call except `exif`. */
  call?: readonly PolicyCall[];
  /** Handle-specific calls are allowed on this handle only. */
  handle?: string;
  /** A regular expression every external source URL must match. */
  url?: string;
  /** Largest file size, in bytes, that may be stored. */
  maxSize?: number;
  /** Smallest file size, in bytes, that may be stored. */
  minSize?: number;
  /** A regular expression the store path must match. */
  path?: string;
  /** A regular expression the store container must match. */
  container?: string;
};

/**
 * A Filestack security policy (docs/protocol.md#policy). `createPolicy` builds and checks one;
 * `Security` and `signPolicy` also sign any other JSON object, as the Python SDK does.
 */
export type Policy = PolicyRestrictions & {
  /** When the policy stops being accepted: unix time in whole seconds. */
  expiry: number;
};

/** `createPolicy` options: exactly one of `expiresIn` and `expiresAt`, plus restrictions. */
export type CreatePolicyOptions = PolicyRestrictions &
  (
    | {
        /** Seconds from now, e.g. `3600` for an hour. */
        expiresIn: number;
        expiresAt?: undefined;
      }
    | {
        /** A unix time in whole seconds, or a `Date`. */
        expiresAt: number | Date;
        expiresIn?: undefined;
      }
  );

/**
 * The last second of year 9999. No honest expiry in seconds is larger, and any expiry in
 * milliseconds since 1973 is: the line between the two mistakes users make
 * (docs/protocol.md#policy).
 */
export const MAX_EXPIRY_SECONDS = 253_402_300_799;

const STRING_KEYS = ['url', 'path', 'container'] as const;
const SIZE_KEYS = ['maxSize', 'minSize'] as const;
// Spelt out, not spread: a module-level spread is code bundles keep even without createPolicy.
const KNOWN_KEYS: readonly string[] = [
  'expiresIn',
  'expiresAt',
  'call',
  'handle',
  'url',
  'path',
  'container',
  'maxSize',
  'minSize',
];

/**
 * Builds a policy with an expiry in whole unix seconds and checks every field, so that the
 * mistakes the server would only answer with a 403 (an expiry in milliseconds, a fraction, a
 * time already past, a misspelt call) are a ValidationError here.
 *
 * @example
 * const policy = createPolicy({ expiresIn: 3600, call: ['pick', 'store'], maxSize: 10_000_000 });
 * const security = new Security(policy, process.env.FILESTACK_SECRET);
 */
export function createPolicy(options: CreatePolicyOptions): Policy {
  if (options === null || typeof options !== 'object') {
    throw new ValidationError({
      option: 'options',
      received: options,
      allowed: 'an object such as { expiresIn: 3600, call: ["read"] }',
    });
  }
  const given = options as Record<string, unknown>;
  for (const key of Object.keys(given)) {
    if (!KNOWN_KEYS.includes(key)) {
      throw new ValidationError({
        option: key,
        received: given[key],
        allowed: `one of ${KNOWN_KEYS.join(', ')}`,
        message: `Unknown policy option "${key}"; allowed: ${KNOWN_KEYS.join(', ')}`,
      });
    }
  }
  const policy: Policy = { expiry: expiryOf(given.expiresIn, given.expiresAt) };

  if (given.call !== undefined) policy.call = checkCalls(given.call);
  if (given.handle !== undefined) policy.handle = assertHandle(given.handle, 'handle');
  for (const key of STRING_KEYS) {
    const value = given[key];
    if (value === undefined) continue;
    if (typeof value !== 'string' || value === '') {
      throw new ValidationError({
        option: key,
        received: value,
        allowed: 'a non-empty string (a regular expression the server matches)',
      });
    }
    policy[key] = value;
  }
  for (const key of SIZE_KEYS) {
    const value = given[key];
    if (value === undefined) continue;
    if (!Number.isSafeInteger(value) || (value as number) < 0) {
      throw new ValidationError({
        option: key,
        received: value,
        allowed: 'a whole number of bytes, 0 or more',
      });
    }
    policy[key] = value as number;
  }
  if (policy.minSize !== undefined && policy.maxSize !== undefined) {
    if (policy.minSize > policy.maxSize) {
      throw new ValidationError({
        option: 'minSize',
        received: policy.minSize,
        allowed: `at most maxSize (${policy.maxSize})`,
      });
    }
  }
  return policy;
}

function expiryOf(expiresIn: unknown, expiresAt: unknown): number {
  const nowSeconds = Math.floor(Date.now() / 1000);
  if (expiresIn !== undefined && expiresAt !== undefined) {
    throw new ValidationError({
      option: 'expiresAt',
      received: expiresAt,
      allowed: 'either expiresIn or expiresAt, not both',
      message: 'Give either expiresIn (seconds from now) or expiresAt (unix seconds), not both',
    });
  }
  if (expiresIn !== undefined) {
    if (typeof expiresIn !== 'number' || !Number.isInteger(expiresIn) || expiresIn <= 0) {
      throw new ValidationError({
        option: 'expiresIn',
        received: expiresIn,
        allowed: 'a whole number of seconds greater than 0, e.g. 3600 for an hour',
      });
    }
    if (nowSeconds + expiresIn > MAX_EXPIRY_SECONDS) {
      throw new ValidationError({
        option: 'expiresIn',
        received: expiresIn,
        allowed: 'seconds, not milliseconds: e.g. 3600 for an hour',
        message: `Invalid expiresIn: ${expiresIn} looks like milliseconds (it ends after the year 9999 as seconds); give seconds, e.g. 3600 for an hour`,
      });
    }
    return nowSeconds + expiresIn;
  }
  if (expiresAt instanceof Date) {
    const ms = expiresAt.getTime();
    if (Number.isNaN(ms)) {
      throw new ValidationError({
        option: 'expiresAt',
        received: expiresAt,
        allowed: 'a valid Date',
      });
    }
    return checkFuture(Math.floor(ms / 1000), nowSeconds, expiresAt);
  }
  if (expiresAt === undefined) {
    throw new ValidationError({
      option: 'expiresIn',
      received: undefined,
      allowed: 'expiresIn (seconds from now) or expiresAt (unix seconds or a Date)',
      message:
        'A policy needs an expiry: give expiresIn (seconds from now) or expiresAt (unix seconds or a Date)',
    });
  }
  if (typeof expiresAt !== 'number' || !Number.isFinite(expiresAt)) {
    throw new ValidationError({
      option: 'expiresAt',
      received: expiresAt,
      allowed: 'a unix time in whole seconds, or a Date',
    });
  }
  if (expiresAt > MAX_EXPIRY_SECONDS) {
    throw new ValidationError({
      option: 'expiresAt',
      received: expiresAt,
      allowed: 'a unix time in seconds, not milliseconds: Math.floor(Date.now() / 1000) + 3600',
      message: `Invalid expiresAt: ${expiresAt} looks like milliseconds (after the year 9999 as seconds); give unix seconds, e.g. Math.floor(Date.now() / 1000) + 3600, or a Date`,
    });
  }
  if (!Number.isInteger(expiresAt)) {
    throw new ValidationError({
      option: 'expiresAt',
      received: expiresAt,
      allowed: 'whole seconds: the server rejects a fractional expiry',
    });
  }
  return checkFuture(expiresAt, nowSeconds, expiresAt);
}

function checkFuture(expiry: number, nowSeconds: number, received: unknown): number {
  if (expiry <= nowSeconds) {
    throw new ValidationError({
      option: 'expiresAt',
      received,
      allowed: `a time in the future (now is ${nowSeconds})`,
    });
  }
  return expiry;
}

function checkCalls(call: unknown): PolicyCall[] {
  if (!Array.isArray(call)) {
    throw new ValidationError({
      option: 'call',
      received: call,
      allowed: `an array of call names: ${POLICY_CALLS.join(', ')}`,
    });
  }
  call.forEach((name: unknown, i) => {
    if (!POLICY_CALLS.includes(name as PolicyCall)) {
      throw new ValidationError({
        option: `call[${i}]`,
        received: name,
        allowed: `one of ${POLICY_CALLS.join(', ')}`,
      });
    }
  });
  return [...(call as PolicyCall[])];
}
