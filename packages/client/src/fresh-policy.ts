import { HttpError, type SecurityOption, type SignedPolicy, securitySource } from '@fs/core';

/**
 * Runs `send` with the current policy; when the service rejects it (401/403) and the policy
 * comes from a provider, asks the provider again and repeats the request once. The same rule
 * as the package functions (`@fs/transform`, `@fs/upload`) apply to their own requests.
 */
export async function withFreshPolicy<T>(
  security: SecurityOption | undefined,
  send: (policy: SignedPolicy | undefined) => Promise<T>,
): Promise<T> {
  const source = securitySource(security);
  for (let refreshed = false; ; refreshed = true) {
    try {
      return await send(await source.current());
    } catch (error) {
      const rejected = error instanceof HttpError && (error.status === 401 || error.status === 403);
      if (refreshed || !rejected || !(await source.refresh())) throw error;
    }
  }
}

/** `policy` and `signature` query parameters, or none. */
export const policyParams = (policy: SignedPolicy | undefined) =>
  policy ? { policy: policy.policy, signature: policy.signature } : {};
