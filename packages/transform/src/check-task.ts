import { fail } from './fail.js';
import type { Rule } from './rules.js';
import type { Task, TaskParams } from './task.js';

/**
 * Checks `params` of task `name` against `rules` and returns the task (`undefined` values are
 * written as absent). An unknown parameter, a bad value, or a missing required one throws a
 * ValidationError naming `<task>.<parameter>`, the value and what is allowed. Each entry of
 * `required` is a parameter, or alternatives joined by `|` of which one must be given.
 */
export const checkTask = <Name extends string>(
  name: Name,
  params: object = {},
  rules: Record<string, Rule>,
  required: readonly string[] = [],
): Task<Name> => {
  for (const key in params) {
    const value = params[key as keyof typeof params] as unknown;
    const problem =
      value !== undefined &&
      (Object.hasOwn(rules, key)
        ? rules[key]!(value)
        : `a ${name} parameter: ${Object.keys(rules).join(', ')}`);
    if (problem) fail(`${name}.${key}`, value, problem);
  }
  for (const keys of required) {
    const alternatives = keys.split('|');
    if (alternatives.every((key) => params[key as keyof typeof params] === undefined)) {
      fail(`${name}.${keys}`, undefined, rules[keys]?.(undefined) ?? alternatives.join(' or '));
    }
  }
  // A copy: a caller reusing its options object later must not change this task.
  return { name, params: { ...params } as TaskParams };
};
