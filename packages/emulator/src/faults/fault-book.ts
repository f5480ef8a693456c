import type { RouteName } from '../http/route-names.js';
import { checkFaultRule, type FaultRule } from './fault-rule.js';
import { seededRandom } from './seeded-random.js';

interface ActiveRule {
  rule: FaultRule;
  /** Matching requests seen since the rule was added. */
  seen: number;
  /** Times the rule fired. */
  fired: number;
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
