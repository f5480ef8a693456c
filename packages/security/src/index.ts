export type { SignedPolicy } from '@fs/core';
export type { PolicyInput } from './encode-policy.js';
export {
  type CreatePolicyOptions,
  createPolicy,
  MAX_EXPIRY_SECONDS,
  POLICY_CALLS,
  type Policy,
  type PolicyCall,
  type PolicyRestrictions,
} from './policy.js';
export { Security } from './security.js';
export { type JsonObject, type JsonValue, serializePolicy } from './serialize-policy.js';
export { signPolicy } from './sign-policy.js';
