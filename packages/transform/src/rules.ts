/**
 * A check of one parameter value: `''` when the value is accepted, otherwise what is allowed, in
 * words. Called with `undefined` a rule always answers its description, which is how lists and
 * unions describe their parts.
 *
 * Rules are small closures over their bounds so that a page bundles only the kinds of check its
 * tasks use (`resize` needs `integer`, `oneOf` and `position`; colors or patterns stay out).
 */
export type Rule = (value: unknown) => string;

/** An integer in `[min, max]`. */
export const integer =
  (min: number, max: number): Rule =>
  (value) =>
    Number.isInteger(value) && (value as number) >= min && (value as number) <= max
      ? ''
      : `an integer from ${min} to ${max}`;

/** An integer of at least `min`, or any integer (no upper bound). */
export const integerFrom =
  (min = -Infinity): Rule =>
  (value) =>
    Number.isInteger(value) && (value as number) >= min
      ? ''
      : `an integer${min > -Infinity ? ` from ${min}` : ''}`;

/** A finite number in `[min, max]`. */
export const number =
  (min: number, max: number): Rule =>
  (value) =>
    Number.isFinite(value) && (value as number) >= min && (value as number) <= max
      ? ''
      : `a number from ${min} to ${max}`;

/** A finite number of at least `min`, or any finite number (no upper bound). */
export const numberFrom =
  (min = -Infinity): Rule =>
  (value) =>
    Number.isFinite(value) && (value as number) >= min
      ? ''
      : `a number${min > -Infinity ? ` from ${min}` : ''}`;

/** `true` or `false`. */
export const boolean: Rule = (value) => (value === !!value ? '' : 'true or false');

/** Non-empty text without double quotes (the URL grammar cannot carry them). */
export const text: Rule = (value) =>
  value && typeof value === 'string' && !value.includes('"')
    ? ''
    : 'non-empty text without double quotes';

/** Text matching `pattern`, described as `what`. */
export const matching =
  (pattern: RegExp, what: string): Rule =>
  (value) =>
    typeof value === 'string' && pattern.test(value) ? '' : what;

/** One of the listed words (or numbers). */
export const oneOf =
  (values: readonly (string | number)[]): Rule =>
  (value) =>
    values.includes(value as string) ? '' : `one of ${values.join(', ')}`;

/** Any of the given rules. */
export const anyOf =
  (...rules: Rule[]): Rule =>
  (value) => {
    const problems = rules.map((rule) => rule(value));
    return problems.every(Boolean) ? problems.join(', or ') : '';
  };

/** A list of `min` to `max` items each passing `item`, distinct when `unique`. */
export const list =
  (item: Rule, min = 0, max = Infinity, unique?: boolean): Rule =>
  (value) =>
    Array.isArray(value) &&
    value.length >= min &&
    value.length <= max &&
    !value.some(item) &&
    (!unique || new Set(value).size === value.length)
      ? ''
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
      ? ''
      : `[${items.map((rule) => rule(undefined)).join('; ')}]`;

/** The accepted positions, matched against their JSON text: a word, or a pair of words. */
const POSITION =
  /^("(top|middle|bottom|left|center|right|faces)"|\["(top|middle|bottom)","(left|center|right)"\])$/;

/**
 * Where to anchor (`resize.align`, `animate.align`, `watermark.position`): one word, or a list
 * `[vertical, horizontal]` such as `['top', 'left']`.
 */
export const position: Rule = (value) =>
  POSITION.test(JSON.stringify(value))
    ? ''
    : 'one of top|middle|bottom|left|center|right|faces, or [top|middle|bottom, left|center|right]';
