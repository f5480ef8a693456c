import type { SignedPolicy } from '@fs/core';
import { fail } from './fail.js';
import type { Task } from './task.js';

/**
 * The `security` task in the form of the Filestack docs and the Python SDK:
 * `security=p:<policy>,s:<signature>`. The values are checked to be base64 and hex (so nothing in
 * them needs quoting), and never echoed in an error.
 */
export const securityTask = (security: SignedPolicy): Task<'security'> => {
  const { policy: p, signature: s } = (security ?? {}) as Partial<SignedPolicy>;
  if (
    typeof p !== 'string' ||
    typeof s !== 'string' ||
    !/^[\w\-+/=]+$/.test(p) ||
    !/^[\da-f]+$/i.test(s)
  ) {
    fail('security', '[redacted]', '{ policy: base64 text, signature: hex text }');
  }
  return { name: 'security', params: { p: p!, s: s! } };
};
