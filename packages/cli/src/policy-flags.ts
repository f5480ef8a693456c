import { createPolicy, POLICY_CALLS, type Policy, type PolicyCall } from '@fs/security';
import type { Command } from 'commander';
import { parseByteSize } from './byte-size.js';
import { UsageError } from './exit-codes.js';
import { parseExpiry } from './expiry.js';

/** The policy flags as commander parses them. */
export interface PolicyFlags {
  expiry?: string;
  call?: string;
  handle?: string;
  url?: string;
  path?: string;
  container?: string;
  maxSize?: string;
  minSize?: string;
}

/** `--expiry` and `--call`: what every signed result needs. */
export function addExpiryAndCallFlags(command: Command, defaultCalls?: string): Command {
  return command
    .option('--expiry <when>', 'when it expires: 30m, 1h, 7d, an ISO date, or unix seconds', '1h')
    .option(
      '--call <calls>',
      `allowed calls, comma-separated: ${POLICY_CALLS.join(', ')}`,
      defaultCalls,
    );
}

/** The restrictions `sign` can add to a policy. */
export function addRestrictionFlags(command: Command): Command {
  return command
    .option('--handle <handle>', 'only this file')
    .option('--url <regex>', 'only external URLs matching this regular expression')
    .option('--path <regex>', 'only store paths matching this regular expression')
    .option('--container <regex>', 'only containers matching this regular expression')
    .option('--max-size <size>', 'largest file that may be stored, e.g. 10MB')
    .option('--min-size <size>', 'smallest file that may be stored');
}

/**
 * The policy the flags describe, checked by `createPolicy` (an expiry in the past or in
 * milliseconds, or an unknown call, is refused with its reason).
 *
 * @throws UsageError for a value the flags cannot carry; ValidationError from @fs/security.
 */
export function policyFrom(flags: PolicyFlags): Policy {
  const calls = (flags.call ?? '')
    .split(',')
    .map((call) => call.trim())
    .filter(Boolean);
  const unknown = calls.filter((call) => !(POLICY_CALLS as readonly string[]).includes(call));
  if (unknown.length > 0) {
    throw new UsageError(
      `--call: unknown call ${unknown.map((call) => `"${call}"`).join(', ')}`,
      `the calls are ${POLICY_CALLS.join(', ')}`,
    );
  }
  return createPolicy({
    ...parseExpiry(flags.expiry ?? '1h'),
    call: calls.length > 0 ? (calls as PolicyCall[]) : undefined,
    handle: flags.handle,
    url: flags.url,
    path: flags.path,
    container: flags.container,
    maxSize: flags.maxSize === undefined ? undefined : parseByteSize('--max-size', flags.maxSize),
    minSize: flags.minSize === undefined ? undefined : parseByteSize('--min-size', flags.minSize),
  });
}
