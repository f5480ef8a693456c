import { fail } from './fail.js';
import { writeTask } from './serialize.js';

/**
 * A parameter value as the URL grammar can carry it: text, a finite number, a boolean, or a
 * (possibly nested) list of these, e.g. `[[10,20,200,250],[275,91,500,557]]`.
 */
export type TaskValue = string | number | boolean | readonly TaskValue[];

/** Parameters of one task, keyed by Filestack's own names (`aspect_mode`, not `aspectMode`). */
export type TaskParams = { readonly [key: string]: TaskValue | undefined };

/**
 * One step of a processing chain: the task name as written in the URL and its parameters.
 * A task without parameters (or with only `undefined` ones) is written bare: `flip`.
 */
export interface Task<Name extends string = string> {
  readonly name: Name;
  readonly params?: TaskParams;
}

/**
 * The escape hatch for tasks or parameters the catalog lacks: `name` and `params` are passed
 * through verbatim, with no catalog checks. Values still follow the one encoding rule (see
 * `transformUrl`), so the service receives exactly what is given here.
 *
 * @throws ValidationError when the name is not a task name (a-z, 0-9, `_`) or a value cannot
 *   be written in a URL (see `TaskValue`).
 * @example
 * transformUrl(handle, [task('caption'), task('tags', { version: 2 })]);
 * // https://cdn.filestackcontent.com/caption/tags=version:2/<handle>
 */
export function task<Name extends string>(name: Name, params?: TaskParams): Task<Name> {
  if (typeof name !== 'string' || !/^[a-z][a-z\d_]*$/.test(name)) {
    fail('task', name, 'a task name of a-z, 0-9 and _, such as "resize"');
  }
  if (params === undefined) return { name };
  if (params === null || typeof params !== 'object' || Array.isArray(params)) {
    fail(name, params, 'an object of parameters');
  }
  for (const key of Object.keys(params)) {
    if (!/^\w+$/.test(key)) fail(`${name}.${key}`, key, 'a parameter name of a-z, A-Z, 0-9 and _');
  }
  // Writing the task once checks every value now, not when the URL is built.
  writeTask({ name, params });
  return { name, params };
}
