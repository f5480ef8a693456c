import { REDACTED, type SignedPolicy } from '@fs/core';
import { matchOrFail } from './fail.js';
import type { Task } from './task.js';

const ALLOWED = '{ policy: base64, signature: hex }';

/**
 * The `security` task in the form of the Filestack docs and the Python SDK:
 * `security=p:<policy>,s:<signature>`. The values are checked to be base64 and hex (so nothing in
 * them needs more than quoting), and never echoed in an error.
 */
export const securityTask = (security: SignedPolicy): Task<'security'> => ({
  name: 'security',
  params: {
    p: matchOrFail(/^[\w\-+/=]+$/, security?.policy, 'security', ALLOWED, REDACTED),
    s: matchOrFail(/^[\da-f]+$/i, security?.signature, 'security', ALLOWED, REDACTED),
  },
});
