import { FAULT_KINDS, type FaultRule, ROUTE_NAMES, type RouteName } from '../types.js';

interface ActiveRule {
  rule: FaultRule;
  /** Matching requests seen since the rule was added. */
  seen: number;
  /** Times the rule fired. */
  fired: number;
}

/** mulberry32: tiny, fast and good enough to make probabilistic faults repeatable by seed. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
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

/** The active fault rules and the seeded generator deciding probabilistic ones. */
export class FaultBook {
  private rules: ActiveRule[] = [];
  private random: () => number;

  constructor(private readonly seed: number) {
    this.random = seededRandom(seed);
  }

  add(rule: FaultRule): void {
    this.rules.push({ rule: checkFaultRule(rule), seen: 0, fired: 0 });
  }

  /** Removes every rule and restarts the generator, so a reset run repeats the same draws. */
  clear(): void {
    this.rules = [];
    this.random = seededRandom(this.seed);
  }

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r.rule }));
  }

  /**
   * Counts a request against every rule it matches and returns the first rule that fires.
   * Every matching rule counts the request, so `nth` stays exact when rules overlap.
   */
  match(route: RouteName, part: number | undefined): FaultRule | undefined {
    let firing: FaultRule | undefined;
    for (const active of this.rules) {
      const { rule } = active;
      if (rule.route !== route) continue;
      if (rule.part !== undefined && rule.part !== part) continue;
      active.seen++;
      let fires: boolean;
      if (rule.nth) fires = rule.nth.includes(active.seen);
      else if (rule.times !== undefined) fires = active.fired < rule.times;
      else if (rule.probability !== undefined) fires = this.random() < rule.probability;
      else fires = true;
      if (fires && !firing) {
        active.fired++;
        firing = rule;
      }
    }
    return firing;
  }
}
