import { ReplyError } from '../http/replies.js';
import { parseColor } from './colors.js';
import type { ParamValue, Task } from './task.js';
import { TASK_CATALOG, type TaskSpec } from './task-catalog.js';

/** A parameter rule of the catalog, parsed (grammar in `task-catalog.ts`). */
type Rule =
  | { kind: 'int' | 'num'; min?: number; max?: number }
  | { kind: 'bool' | 'str' | 'color' | 'any' | 'duration' | 'pagerange' }
  | { kind: 'literal'; value: string }
  | { kind: 'either'; options: Rule[] }
  | { kind: 'list'; item: Rule }
  | { kind: 'tuple'; items: Rule[] };

/** Splits on `separator` outside square brackets. */
function splitTop(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of text) {
    if (char === '[') depth++;
    if (char === ']') depth--;
    if (char === separator && depth === 0) {
      parts.push(current);
      current = '';
    } else current += char;
  }
  parts.push(current);
  return parts;
}

function parseRule(text: string): Rule {
  const options = splitTop(text, '|');
  if (options.length > 1) return { kind: 'either', options: options.map(parseRule) };
  if (text.startsWith('[')) {
    const items = splitTop(text.slice(1, -1), ',').map(parseRule);
    return items.length === 1 ? { kind: 'list', item: items[0]! } : { kind: 'tuple', items };
  }
  const numeric = /^(int|num)(?: (-?\d+(?:\.\d+)?)?\.\.(-?\d+(?:\.\d+)?)?)?$/.exec(text);
  if (numeric) {
    const bound = (b: string | undefined) => (b ? Number(b) : undefined);
    return {
      kind: numeric[1] as 'int' | 'num',
      min: bound(numeric[2]),
      max: bound(numeric[3]),
    };
  }
  if (['bool', 'str', 'color', 'any', 'duration', 'pagerange'].includes(text)) {
    return { kind: text as 'bool' };
  }
  return { kind: 'literal', value: text };
}

function describe(rule: Rule): string {
  switch (rule.kind) {
    case 'int':
    case 'num': {
      const what = rule.kind === 'int' ? 'an integer' : 'a number';
      if (rule.min !== undefined && rule.max !== undefined) {
        return `${what} from ${rule.min} to ${rule.max}`;
      }
      if (rule.min !== undefined) return `${what} >= ${rule.min}`;
      return what;
    }
    case 'bool':
      return 'true or false';
    case 'str':
      return 'text';
    case 'color':
      return 'a color (hex like ff0000, or a name like red)';
    case 'any':
      return 'anything';
    case 'duration':
      return 'a duration hh:mm:ss';
    case 'pagerange':
      return 'a page or range like 3, 1-3, -2 or 4-';
    case 'literal':
      return rule.value;
    case 'either':
      return rule.options.map(describe).join(' or ');
    case 'list':
      return `a list of (${describe(rule.item)})`;
    case 'tuple':
      return `a list [${rule.items.map(describe).join(', ')}]`;
  }
}

const NUMBER = /^-?\d+(\.\d+)?$/;
const NO = Symbol('no');

/** Checks `value` against `rule`; answers the value in its canonical type, or NO. */
function coerce(rule: Rule, value: ParamValue): ParamValue | typeof NO {
  switch (rule.kind) {
    case 'int':
    case 'num': {
      const n =
        typeof value === 'number' ? value : NUMBER.test(String(value)) ? Number(value) : NaN;
      if (typeof value === 'boolean' || Array.isArray(value) || !Number.isFinite(n)) return NO;
      if (rule.kind === 'int' && !Number.isInteger(n)) return NO;
      if ((rule.min !== undefined && n < rule.min) || (rule.max !== undefined && n > rule.max)) {
        return NO;
      }
      return n;
    }
    case 'bool':
      if (typeof value === 'boolean') return value;
      return value === 'true' ? true : value === 'false' ? false : NO;
    case 'str':
      return Array.isArray(value) ? NO : String(value);
    case 'color':
      return !Array.isArray(value) && parseColor(String(value)) ? String(value) : NO;
    case 'any':
      return value;
    case 'duration':
      return /^([0-1]?\d|2[0-3])(:[0-5]?\d)?(:[0-5]?\d)?$/.test(String(value)) ? String(value) : NO;
    case 'pagerange':
      return /^(\d+(-\d+)?|-\d+|\d+-)$/.test(String(value)) ? String(value) : NO;
    case 'literal':
      return !Array.isArray(value) && String(value) === rule.value ? rule.value : NO;
    case 'either':
      for (const option of rule.options) {
        const out = coerce(option, value);
        if (out !== NO) return out;
      }
      return NO;
    case 'list': {
      if (!Array.isArray(value)) return NO;
      const out = value.map((item) => coerce(rule.item, item));
      return out.includes(NO) ? NO : (out as ParamValue[]);
    }
    case 'tuple': {
      if (!Array.isArray(value) || value.length !== rule.items.length) return NO;
      const out = value.map((item, i) => coerce(rule.items[i]!, item));
      return out.includes(NO) ? NO : (out as ParamValue[]);
    }
  }
}

interface CompiledTask {
  spec: TaskSpec;
  rules: Map<string, Rule>;
  aliases: Map<string, string>;
}

const compiled = new Map<string, CompiledTask>();

/** The catalog entry of `name`, compiled on first use; undefined for unknown tasks. */
function compiledTask(name: string): CompiledTask | undefined {
  const cached = compiled.get(name);
  if (cached) return cached;
  const spec = Object.hasOwn(TASK_CATALOG, name) ? TASK_CATALOG[name] : undefined;
  if (!spec) return undefined;
  const rules = new Map(Object.entries(spec.params ?? {}).map(([k, v]) => [k, parseRule(v)]));
  const aliases = new Map(
    (spec.aliases ?? '')
      .split(' ')
      .filter(Boolean)
      .map((pair) => pair.split(':') as [string, string])
      .map(([alias, full]) => [alias, full]),
  );
  const task = { spec, rules, aliases };
  compiled.set(name, task);
  return task;
}

/** Whether the CDN knows a task of this name. */
export function isKnownTask(name: string): boolean {
  return Object.hasOwn(TASK_CATALOG, name);
}

/**
 * The full parameter name of `key` in `task` (documented one-letter aliases,
 * docs/protocol.md#tasks-and-parameters).
 */
export function paramName(task: string, key: string): string {
  return compiledTask(task)?.aliases.get(key) ?? key;
}

function show(value: ParamValue): string {
  return typeof value === 'string' ? `"${value}"` : JSON.stringify(value);
}

/**
 * Checks a task against the catalog and answers it with full parameter names and values in
 * their types (numbers, booleans, text). Unknown tasks, unknown parameters, bad values and
 * missing parameters are a 400 whose text names the task and the parameter.
 */
export function checkTask(task: Task): Task {
  const entry = compiledTask(task.name);
  if (!entry) throw new ReplyError(400, `unknown task: ${task.name}`);
  const params: Record<string, ParamValue> = {};
  for (const [key, value] of Object.entries(task.params)) {
    const name = entry.aliases.get(key) ?? key;
    if (entry.spec.open) {
      params[name] = value;
      continue;
    }
    const rule = entry.rules.get(name);
    if (!rule) {
      const known = [...entry.rules.keys()];
      const takes = known.length > 0 ? `it takes ${known.join(', ')}` : 'it takes no parameters';
      throw new ReplyError(400, `unknown parameter ${task.name}.${key}: ${takes}`);
    }
    const out = coerce(rule, value);
    if (out === NO) {
      throw new ReplyError(
        400,
        `invalid parameter ${task.name}.${name}: got ${show(value)}; expected ${describe(rule)}`,
      );
    }
    params[name] = out;
  }
  for (const name of entry.spec.required ?? []) {
    if (params[name] === undefined) {
      throw new ReplyError(400, `missing parameter ${task.name}.${name}`);
    }
  }
  const oneOf = entry.spec.oneOf;
  if (oneOf && !oneOf.some((name) => params[name] !== undefined)) {
    throw new ReplyError(400, `${task.name} needs one of: ${oneOf.join(', ')}`);
  }
  return { name: task.name, params };
}
