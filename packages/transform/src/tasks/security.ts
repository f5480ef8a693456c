import type { SignedPolicy } from '@fs/core';
import { securityTask } from '../security-task.js';
import type { Task } from '../task.js';

/** Parameters of the `security` task: a policy and its signature, made on your server. */
export type SecurityParams = SignedPolicy;

// Written `p:`/`s:`, the form of the Filestack docs and the Python SDK; filestack-js writes
// `policy:`/`signature:`, which the service also reads.
/**
 * `security`: carries a signed policy as a task, where it is placed in the chain, written
 * `security=p:<policy>,s:<signature>`. Most callers want the `security` option of
 * `transformUrl` instead, which puts the task last, just before the source, as the Python SDK
 * does.
 *
 * SDK methods: filestack-js `security()`, filestack-python `Security.as_url_string()`.
 *
 * @example
 * transformUrl(handle, [security({ policy, signature }), resize({ width: 100 })]);
 */
export function security(params: SecurityParams): Task<'security'> {
  return securityTask(params);
}
