import { base64ToBytes } from './base64.js';
import { FilestackError, HttpError, redactCause, ValidationError } from './errors.js';

/** A policy and its signature, as produced by a server holding the app secret. */
export interface SignedPolicy {
  /** The base64url-encoded policy JSON. */
  policy: string;
  /** Lowercase hex HMAC-SHA256 of `policy`. */
  signature: string;
}

/** Fetches a fresh signed policy, typically from your backend. */
export type SecurityProvider = () => SignedPolicy | Promise<SignedPolicy>;

/** Signed policy as data, or a provider that is asked again before the policy expires. */
export type SecurityOption = SignedPolicy | SecurityProvider;

/** Hands out the current signed policy for a call, refreshing a provider's when needed. */
export interface SecuritySource {
  /** The policy to send now, or `undefined` when the app uses no security. */
  current(): Promise<SignedPolicy | undefined>;
  /**
   * Asks the provider again after the service rejected the policy (401/403). Resolves `true`
   * when a new policy is available and the request is worth repeating once.
   */
  refresh(): Promise<boolean>;
}

/** Seconds before expiry at which a provider's policy is replaced. */
export const REFRESH_MARGIN_SECONDS = 60;

/** Checks the shape of a signed policy without ever echoing its values. */
export function assertSignedPolicy(value: unknown, option = 'security'): SignedPolicy {
  const ok =
    typeof value === 'object' &&
    value !== null &&
    typeof (value as SignedPolicy).policy === 'string' &&
    (value as SignedPolicy).policy !== '' &&
    typeof (value as SignedPolicy).signature === 'string' &&
    (value as SignedPolicy).signature !== '';
  if (!ok) {
    throw new ValidationError({
      option,
      received:
        typeof value === 'object' && value !== null
          ? 'an object without policy and signature strings'
          : typeof value,
      allowed: '{ policy: string; signature: string } or a function returning it',
    });
  }
  const { policy, signature } = value as SignedPolicy;
  return { policy, signature };
}

/** The `expiry` (unix seconds) inside an encoded policy, if it can be read. */
export function policyExpiry(policy: string): number | undefined {
  const bytes = base64ToBytes(policy);
  if (!bytes) return undefined;
  try {
    const parsed = JSON.parse(new TextDecoder().decode(bytes)) as { expiry?: unknown };
    return typeof parsed.expiry === 'number' ? parsed.expiry : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A source for one operation. Data is used as is; a provider is called lazily, again when the
 * policy is within a minute of expiry, and again once after a policy rejection.
 */
export function securitySource(
  option: SecurityOption | undefined,
  now: () => number = Date.now,
): SecuritySource {
  if (option === undefined) {
    return { current: async () => undefined, refresh: async () => false };
  }
  if (typeof option !== 'function') {
    const fixed = assertSignedPolicy(option);
    return { current: async () => fixed, refresh: async () => false };
  }
  let cached: Promise<SignedPolicy> | undefined;
  const load = () => {
    const loading = Promise.resolve()
      .then(option)
      .then((value) => assertSignedPolicy(value, 'security()'));
    cached = loading;
    // A failed load must not be cached: the next call asks again. Only this load is dropped,
    // never a newer one that a refresh started meanwhile.
    loading.catch(() => {
      if (cached === loading) cached = undefined;
    });
    return loading;
  };
  return {
    async current() {
      const value = await (cached ?? load());
      const expiry = policyExpiry(value.policy);
      if (expiry !== undefined && expiry - REFRESH_MARGIN_SECONDS <= now() / 1000) return load();
      return value;
    },
    async refresh() {
      await load();
      return true;
    },
  };
}

/**
 * Runs `send` with the current policy. When the service rejects it (401/403) and the source can
 * get a new one (a provider), `send` runs once more with the new policy; any other failure, or
 * a second rejection, is thrown as it came. If the policy changed meanwhile (another request
 * refreshed it), the new one is used without asking the provider again. A provider that throws
 * becomes a FilestackError `SECURITY` with its message (never a policy).
 */
export async function withFreshPolicy<T>(
  security: SecuritySource,
  send: (policy: SignedPolicy | undefined) => Promise<T>,
): Promise<T> {
  const policy = await askProvider(() => security.current());
  try {
    return await send(policy);
  } catch (error) {
    const rejected = HttpError.isInstance(error) && (error.status === 401 || error.status === 403);
    if (!rejected || !policy) throw error;
    const now = await askProvider(() => security.current());
    if (now === policy && !(await askProvider(() => security.refresh()))) throw error;
    return send(await askProvider(() => security.current()));
  }
}

/** A security provider that throws becomes a typed error (its message, never a policy). */
async function askProvider<T>(ask: () => Promise<T>): Promise<T> {
  try {
    return await ask();
  } catch (error) {
    if (FilestackError.isInstance(error)) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new FilestackError(`The security provider failed: ${reason}`, {
      code: 'SECURITY',
      cause: redactCause(error),
    });
  }
}
