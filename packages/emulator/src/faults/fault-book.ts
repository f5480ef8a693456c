import type { RouteName } from '../http/route-names.js';
import { checkFaultRule, type FaultRule, LINK_KINDS } from './fault-rule.js';
import { seededRandom } from './seeded-random.js';

interface ActiveRule {
  rule: FaultRule;
  /** Draws of `rate`, from the rule's own seed. */
  random: () => number;
  /** Matching requests seen since the rule was added. */
  seen: number;
  /** Times the rule fired. */
  fired: number;
}

/** The rules that fired on one request. */
export interface FiredFaults {
  /** The first outcome rule that fired: how the request ends. */
  outcome?: FaultRule;
  /** Every link rule that fired (stall, latency, throttle), in the order they were added. */
  link: FaultRule[];
}

/** The seed of the `ordinal`-th rule added, when the rule names none (a 32-bit mix). */
function ruleSeed(emulatorSeed: number, ordinal: number): number {
  return (Math.imul(emulatorSeed >>> 0, 0x9e3779b1) ^ Math.imul(ordinal, 0x85ebca6b)) >>> 0;
}

/** The active fault rules, each with its schedule and its own seeded generator. */
export class FaultBook {
  private rules: ActiveRule[] = [];
  /** Rules added since start or the last clear, so default seeds repeat after a reset. */
  private added = 0;

  constructor(private readonly seed: number) {}

  add(rule: FaultRule): void {
    const checked = checkFaultRule(rule);
    this.added++;
    const seed = checked.seed ?? ruleSeed(this.seed, this.added);
    this.rules.push({ rule: checked, random: seededRandom(seed), seen: 0, fired: 0 });
  }

  /** Removes every rule; rules added afterwards draw as the first ones did. */
  clear(): void {
    this.rules = [];
    this.added = 0;
  }

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r.rule }));
  }

  /**
   * Counts a request against every rule it matches and returns those that fire: the first
   * outcome rule, and every link rule. Every matching rule counts the request and draws its
   * `rate`, so `nth` and seeded schedules stay exact when rules overlap.
   */
  match(route: RouteName, part: number | undefined): FiredFaults {
    const fired: FiredFaults = { link: [] };
    for (const active of this.rules) {
      const { rule } = active;
      if (rule.route !== route) continue;
      if (rule.part !== undefined && rule.part !== part) continue;
      active.seen++;
      const drawn = rule.rate === undefined || active.random() < rule.rate;
      const fires = rule.nth
        ? rule.nth.includes(active.seen)
        : drawn && (rule.times === undefined || active.fired < rule.times);
      if (!fires) continue;
      if (LINK_KINDS.has(rule.kind)) {
        active.fired++;
        fired.link.push(rule);
      } else if (!fired.outcome) {
        active.fired++;
        fired.outcome = rule;
      }
    }
    return fired;
  }
}
