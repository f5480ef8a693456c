import { ROUTE_NAMES, type RouteName } from '../http/route-names.js';

/**
 * What a fault does to a request it fires on:
 * - `status`: answer `status` (default 503) with the route's error body shape;
 * - `rate-limit`: answer 429 with `Retry-After: retryAfter` seconds (default 1);
 * - `reset`: destroy the connection while the body arrives, with no answer at all;
 * - `stall`: wait `ms` milliseconds, then handle the request normally;
 * - `skew`: answer 403 with S3's `RequestTimeTooSkewed` XML (meant for the part PUT);
 * - `accepted`: answer 202 `{}` (meant for complete: "still processing, ask again").
 */
export type FaultKind = 'status' | 'rate-limit' | 'reset' | 'stall' | 'skew' | 'accepted';

/** Every fault kind. */
export const FAULT_KINDS: readonly FaultKind[] = [
  'status',
  'rate-limit',
  'reset',
  'stall',
  'skew',
  'accepted',
];

/**
 * A fault to inject. Which matching requests it fires on is chosen by at most one of `nth`,
 * `times` and `probability`; with none of them it fires on every matching request.
 *
 * @example Fail the 2nd and 3rd part PUT with a 503
 * ```ts
 * emu.faults.add({ route: 'put', kind: 'status', status: 503, nth: [2, 3] });
 * ```
 */
export interface FaultRule {
  route: RouteName;
  kind: FaultKind;
  /** For `status`: the status to answer. Default 503. */
  status?: number;
  /** For `rate-limit`: seconds in `Retry-After`. Default 1. */
  retryAfter?: number;
  /** For `stall`: milliseconds to wait before answering. Default 1000. */
  ms?: number;
  /** Fire on these 1-based occurrences of matching requests, counted from when the rule was added. */
  nth?: number[];
  /** Fire on the next `times` matching requests. */
  times?: number;
  /** Fire with this probability (0 to 1), drawn from the emulator's seeded generator. */
  probability?: number;
  /** Only requests for this part number match (upload, put and commit carry one). */
  part?: number;
}

/** Checks a rule from code or from the control route; throws a TypeError saying what is wrong. */
export function checkFaultRule(value: unknown): FaultRule {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError('a fault rule must be an object such as {"route":"put","kind":"reset"}');
  }
  const rule = value as Record<string, unknown>;
  if (!ROUTE_NAMES.includes(rule.route as RouteName)) {
    throw new TypeError(
      `fault rule route: got ${JSON.stringify(rule.route)}; expected one of ${ROUTE_NAMES.join(', ')}`,
    );
  }
  if (!FAULT_KINDS.includes(rule.kind as FaultRule['kind'])) {
    throw new TypeError(
      `fault rule kind: got ${JSON.stringify(rule.kind)}; expected one of ${FAULT_KINDS.join(', ')}`,
    );
  }
  const positiveInt = (key: string, min: number, max = Number.MAX_SAFE_INTEGER) => {
    const v = rule[key];
    if (v !== undefined && (!Number.isInteger(v) || (v as number) < min || (v as number) > max)) {
      throw new TypeError(
        `fault rule ${key}: got ${JSON.stringify(v)}; expected an integer from ${min} to ${max}`,
      );
    }
  };
  positiveInt('status', 100, 599);
  positiveInt('retryAfter', 0);
  positiveInt('ms', 0);
  positiveInt('times', 1);
  positiveInt('part', 1, 10_000);
  if (
    rule.nth !== undefined &&
    (!Array.isArray(rule.nth) ||
      rule.nth.length === 0 ||
      !rule.nth.every((n) => Number.isInteger(n) && n >= 1))
  ) {
    throw new TypeError(
      `fault rule nth: got ${JSON.stringify(rule.nth)}; expected a non-empty array of integers >= 1`,
    );
  }
  const p = rule.probability;
  if (p !== undefined && (typeof p !== 'number' || !(p >= 0 && p <= 1))) {
    throw new TypeError(
      `fault rule probability: got ${JSON.stringify(p)}; expected a number from 0 to 1`,
    );
  }
  const schedules = ['nth', 'times', 'probability'].filter((k) => rule[k] !== undefined);
  if (schedules.length > 1) {
    throw new TypeError(
      `fault rule: give at most one of nth, times and probability (got ${schedules.join(', ')})`,
    );
  }
  return { ...(rule as unknown as FaultRule) };
}
