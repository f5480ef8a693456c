/**
 * A check of one parameter value: `undefined` when the value is accepted, otherwise what is
 * allowed, in words. Called with `undefined` a rule always answers its description, which is how
 * lists and unions describe their parts.
 */
export type Rule = (value: unknown) => string | undefined;

const range = (min: number, max: number): string =>
  max < Infinity ? ` from ${min} to ${max}` : min > -Infinity ? ` from ${min}` : '';

const within = (value: unknown, min: number, max: number): boolean =>
  (value as number) >= min && (value as number) <= max;

/** An integer in `[min, max]`. */
export const integer =
  (min = -Infinity, max = Infinity): Rule =>
  (value) =>
    Number.isInteger(value) && within(value, min, max) ? undefined : `an integer${range(min, max)}`;

/** A finite number in `[min, max]`. */
export const number =
  (min = -Infinity, max = Infinity): Rule =>
  (value) =>
    Number.isFinite(value) && within(value, min, max) ? undefined : `a number${range(min, max)}`;

/** `true` or `false`. */
export const boolean: Rule = (value) => (value === !!value ? undefined : 'true or false');

/** Non-empty text without double quotes (the URL grammar cannot carry them). */
export const text: Rule = (value) =>
  value && typeof value === 'string' && !value.includes('"')
    ? undefined
    : 'non-empty text without double quotes';

/** Text matching `pattern`, described as `what`. */
export const matching =
  (pattern: RegExp, what: string): Rule =>
  (value) =>
    typeof value === 'string' && pattern.test(value) ? undefined : what;

/** One of the listed words (or numbers). */
export const oneOf =
  (values: readonly (string | number)[]): Rule =>
  (value) =>
    values.includes(value as string) ? undefined : `one of ${values.join(', ')}`;

/** Any of the given rules. */
export const anyOf =
  (...rules: Rule[]): Rule =>
  (value) => {
    const problems = rules.map((rule) => rule(value));
    return problems.includes(undefined) ? undefined : problems.join(', or ');
  };

/** A list of `min` to `max` items each passing `item`, distinct when `unique`. */
export const list =
  (item: Rule, min = 0, max = Infinity, unique?: boolean): Rule =>
  (value) =>
    Array.isArray(value) &&
    within(value.length, min, max) &&
    !value.some(item) &&
    (!unique || new Set(value).size === value.length)
      ? undefined
      : `a list of ${max < Infinity ? `${min} to ${max} ` : min ? `${min} or more ` : ''}${
          unique ? 'distinct ' : ''
        }items, each ${item(undefined)}`;

/** A list of exactly one item per rule, in order: `[x,y,width,height]`. */
export const tuple =
  (...items: Rule[]): Rule =>
  (value) =>
    Array.isArray(value) &&
    value.length === items.length &&
    !items.some((rule, i) => rule(value[i]))
      ? undefined
      : `[${items.map((rule) => rule(undefined)).join('; ')}]`;

const VERTICAL = ['top', 'middle', 'bottom'];
const HORIZONTAL = ['left', 'center', 'right'];

/**
 * Where to anchor (`resize.align`, `animate.align`, `watermark.position`): one word, or a list
 * `[vertical, horizontal]` such as `['top', 'left']`.
 */
export const position: Rule = (value) =>
  (
    Array.isArray(value)
      ? value.length === 2 && VERTICAL.includes(value[0]) && HORIZONTAL.includes(value[1])
      : [...VERTICAL, ...HORIZONTAL, 'faces'].includes(value as string)
  )
    ? undefined
    : 'top, middle, bottom, left, center, right or faces, or [top|middle|bottom, left|center|right]';
