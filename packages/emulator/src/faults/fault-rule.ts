import { ROUTE_NAMES, type RouteName } from '../http/route-names.js';

/**
 * What a fault does to a request it fires on. Outcome kinds decide how the request ends (the
 * first one that fires wins):
 * - `status`: answer `status` (default 503) with the route's error body shape;
 * - `rate-limit`: answer 429 with `Retry-After: retryAfter` seconds (default 1);
 * - `reset`: destroy the connection while the body arrives (after `afterBytes` of it, when
 *   given), with no answer at all;
 * - `skew`: answer 403 with S3's `RequestTimeTooSkewed` XML (meant for the part PUT);
 * - `accepted`: answer 202 `{}` (meant for complete: "still processing, ask again");
 * - `no-etag`: store a part PUT's bytes but answer 200 without the `ETag` header (what a browser
 *   sees when a bucket's CORS rules do not expose it); only for the `put` route.
 *
 * Link kinds change how the request travels, and apply together with each other and with an
 * outcome kind:
 * - `stall`: wait `ms` (default 1000) before reading the request, then go on;
 * - `latency`: wait `ms` (default 1000) before sending the answer;
 * - `throttle`: carry the request body and the answer body at `bytesPerSecond`.
 */
export type FaultKind =
  | 'status'
  | 'rate-limit'
  | 'reset'
  | 'skew'
  | 'accepted'
  | 'no-etag'
  | 'stall'
  | 'latency'
  | 'throttle';

/** Every fault kind. */
export const FAULT_KINDS: readonly FaultKind[] = [
  'status',
  'rate-limit',
  'reset',
  'skew',
  'accepted',
  'no-etag',
  'stall',
  'latency',
  'throttle',
];

/** The kinds that shape how a request travels rather than how it ends; they stack. */
export const LINK_KINDS: ReadonlySet<FaultKind> = new Set(['stall', 'latency', 'throttle']);

/**
 * A fault to inject. A rule fires on the requests chosen by `nth`, or on each matching request
 * with probability `rate`, at most `times` times; with none of these, on every matching request.
 *
 * @example Fail the 2nd and 3rd part PUT with a 503
 * ```ts
 * emu.faults.add({ route: 'put', kind: 'status', status: 503, nth: [2, 3] });
 * ```
 * @example Reset a quarter of the part and chunk PUTs after 64 KiB, on a 1 MB/s link
 * ```ts
 * emu.faults.add({ route: 'put', kind: 'reset', afterBytes: 65536, rate: 0.25, seed: 7 });
 * emu.faults.add({ route: 'put', kind: 'throttle', bytesPerSecond: 1_000_000 });
 * ```
 */
export interface FaultRule {
  route: RouteName;
  kind: FaultKind;
  /**
   * For `status`: the status to answer.
   * @default 503
   */
  status?: number;
  /**
   * For `rate-limit`: seconds in `Retry-After`.
   * @default 1
   */
  retryAfter?: number;
  /**
   * For `reset`: how many body bytes to read before dropping the connection (all of them, when
   * the body is shorter). Without it, the connection drops as soon as the body starts.
   */
  afterBytes?: number;
  /**
   * For `stall` and `latency`: milliseconds to wait.
   * @default 1000
   */
  ms?: number;
  /** For `throttle` (required): bytes per second, for the request body and for the answer. */
  bytesPerSecond?: number;
  /** Fire on these 1-based occurrences of matching requests, counted from when the rule was added. */
  nth?: number[];
  /** Fire at most this many times (on the next `times` matching requests, without `rate`). */
  times?: number;
  /** Fire on each matching request with this probability, from 0 to 1. */
  rate?: number;
  /**
   * Seed of this rule's generator for `rate`: the same seed draws the same schedule. Each rule
   * has its own generator, so adding a rule does not change the draws of another.
   * @default derived from the emulator's `seed` and the rule's position since the last clear
   */
  seed?: number;
  /** Only requests for this part number match (upload, put and commit carry one). */
  part?: number;
}

/** Every field of a rule; another one (a typo, an old name) is refused, not silently ignored. */
const FIELDS = [
  'route',
  'kind',
  'status',
  'retryAfter',
  'afterBytes',
  'ms',
  'bytesPerSecond',
  'nth',
  'times',
  'rate',
  'seed',
  'part',
];

function fail(message: string): never {
  throw new TypeError(`fault rule ${message}`);
}

function checkInteger(rule: Record<string, unknown>, key: string, min: number, max: number) {
  const value = rule[key];
  if (value === undefined) return;
  if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) {
    fail(`${key}: got ${JSON.stringify(value)}; expected an integer from ${min} to ${max}`);
  }
}

/** Checks a rule from code or from the control route; throws a TypeError saying what is wrong. */
export function checkFaultRule(value: unknown): FaultRule {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError('a fault rule must be an object such as {"route":"put","kind":"reset"}');
  }
  const rule = value as Record<string, unknown>;
  if (!ROUTE_NAMES.includes(rule.route as RouteName)) {
    fail(`route: got ${JSON.stringify(rule.route)}; expected one of ${ROUTE_NAMES.join(', ')}`);
  }
  const kind = rule.kind as FaultKind;
  if (!FAULT_KINDS.includes(kind)) {
    fail(`kind: got ${JSON.stringify(rule.kind)}; expected one of ${FAULT_KINDS.join(', ')}`);
  }
  // Fields of other kinds are ignored, so one rule shape can serve several kinds.
  for (const key of Object.keys(rule)) {
    if (!FIELDS.includes(key)) fail(`${key}: not a field of a rule; they are ${FIELDS.join(', ')}`);
  }
  if (kind === 'no-etag' && rule.route !== 'put') {
    fail(`kind no-etag: only the put route answers an ETag (got route ${String(rule.route)})`);
  }
  if (kind === 'throttle' && rule.bytesPerSecond === undefined) {
    fail('bytesPerSecond: a throttle rule needs one (bytes per second)');
  }
  const MAX = Number.MAX_SAFE_INTEGER;
  checkInteger(rule, 'status', 100, 599);
  checkInteger(rule, 'retryAfter', 0, MAX);
  checkInteger(rule, 'afterBytes', 0, MAX);
  checkInteger(rule, 'ms', 0, MAX);
  checkInteger(rule, 'bytesPerSecond', 1, MAX);
  checkInteger(rule, 'times', 1, MAX);
  checkInteger(rule, 'seed', 0, 2 ** 32 - 1);
  checkInteger(rule, 'part', 1, 10_000);
  if (
    rule.nth !== undefined &&
    (!Array.isArray(rule.nth) ||
      rule.nth.length === 0 ||
      !rule.nth.every((n) => Number.isInteger(n) && n >= 1))
  ) {
    fail(`nth: got ${JSON.stringify(rule.nth)}; expected a non-empty array of integers >= 1`);
  }
  const { rate } = rule;
  if (rate !== undefined && (typeof rate !== 'number' || !(rate >= 0 && rate <= 1))) {
    fail(`rate: got ${JSON.stringify(rate)}; expected a number from 0 to 1`);
  }
  if (rule.nth !== undefined && (rule.times !== undefined || rate !== undefined)) {
    fail('nth: give nth alone, or rate and/or times, not both');
  }
  if (rule.seed !== undefined && rate === undefined) {
    fail('seed: it seeds the draws of rate, which this rule does not have');
  }
  return { ...(rule as unknown as FaultRule) };
}
