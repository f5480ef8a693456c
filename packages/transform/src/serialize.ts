import { fail } from './fail.js';
import type { Task } from './task.js';

/*
 * The encoding rule, in two layers (README, "How values are written"):
 *
 * 1. Grammar. Text is wrapped in double quotes when, written bare, it would read back as
 *    something else: when it is empty, contains `,` `/` `[` or `]`, or reads as a boolean or a
 *    number. The store task's `path` is always quoted, as the Python SDK does. Text containing a
 *    double quote is refused: the grammar has no escape for it.
 * 2. Transport. Every character outside the URL path set below is percent-encoded as UTF-8
 *    (space, `"`, `%`, `?`, `#`, `<`, `>`, `\`, non-ASCII, ...), and a `/` that would leave a
 *    `.` or `..` path segment is written `%2F` (URL parsers remove dot segments, eating the
 *    segments before them). The service percent-decodes each segment before reading it, so it
 *    sees exactly the text of layer 1.
 *
 * The rest is written as the Python SDK writes it: parameters sorted, booleans `true`/`false`,
 * lists `[a,b]`, nested lists `[[1,2],[3,4]]`.
 */

/** What `transformUrl` takes as its chain, in words (one text for both checks). */
export const TASKS = 'a list of tasks such as [flip()]';

/** What `parseTransformUrl` reads back as a number. */
export const NUMBER = /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i;
/** Text that must be quoted: empty, a boolean or number look-alike, or list/path syntax inside. */
const NEEDS_QUOTES = /^(true|false|-?\d+(\.\d+)?(e[+-]?\d+)?)?$|[,/[\]]/i;
/**
 * What layer 2 encodes: everything but RFC 3986 path characters (unreserved, sub-delims, `:`,
 * `@`, `/`) and `[` `]`, and a `/` before a `.` or `..` segment (encoded, it is `%2F`).
 */
const UNSAFE = /[^\w\-.~!$&'()*+,;=:@/[\]]+|\/(?=\.\.?(\/|$))/g;

/** Percent-encodes what may not appear raw in a URL path (layer 2). */
export const encodePath = (text: string, option: string): string => {
  try {
    return text.replace(UNSAFE, encodeURIComponent);
  } catch {
    // encodeURIComponent throws only on a lone UTF-16 surrogate, which has no UTF-8 form.
    return fail(option, text, 'well-formed Unicode');
  }
};

/** Writes one value (layer 1); `option` names it in errors and `store.path` is always quoted. */
export const writeValue = (value: unknown, option: string): string =>
  typeof value === 'string' && !value.includes('"')
    ? option === 'store.path' || NEEDS_QUOTES.test(value)
      ? `"${value}"`
      : value
    : value === !!value || Number.isFinite(value)
      ? `${value}`
      : Array.isArray(value)
        ? `[${value.map((item, i) => writeValue(item, `${option}[${i}]`))}]`
        : fail(option, value, 'text without double quotes, a finite number, a boolean or a list');

/**
 * One URL path segment for a task made by a factory or `task()`, both layers applied. Parameters
 * are sorted as the Python SDK sorts them (the rendered `key:value` strings); `undefined` values
 * are dropped.
 */
export const writeTask = (task: Task): string => {
  // `[flip]` instead of `[flip()]` would otherwise write the function's name, which minifiers change.
  if (typeof task !== 'object' || !task) fail('tasks', task, TASKS);
  const { name, params = {} } = task;
  const pairs = Object.keys(params)
    .filter((key) => params[key] !== undefined)
    .map((key) => `${key}:${writeValue(params[key], `${name}.${key}`)}`)
    .sort();
  return encodePath(pairs.length ? `${name}=${pairs}` : name, name);
};
