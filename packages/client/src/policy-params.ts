import type { SignedPolicy } from '@fs/core';

/** `policy` and `signature` query parameters, or none. */
export const policyParams = (policy: SignedPolicy | undefined) =>
  policy ? { policy: policy.policy, signature: policy.signature } : {};
