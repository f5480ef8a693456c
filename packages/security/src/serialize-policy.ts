import { ValidationError } from '@fs/core';

/** A JSON value as a policy may hold it. */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | JsonObject;

/** A JSON object; keys whose value is `undefined` are left out, as `JSON.stringify` does. */
export interface JsonObject {
  readonly [key: string]: JsonValue | undefined;
}

/**
 * Serialises a policy exactly as the Python SDK does with `json.dumps(policy, sort_keys=True)`:
 * keys sorted by code point at every level, `", "` and `": "` separators, every character
 * outside printable ASCII written as a lowercase `\uXXXX` escape (astral characters as their
 * surrogate pair), and numbers formatted as Python prints them.
 *
 * The signature covers this exact string once base64-encoded, so a policy signed here and one
 * signed by a Python backend give the same URL and share CDN cache entries
 * (docs/protocol.md#encoding-and-signing).
 *
 * @example
 * serializePolicy({ expiry: 1700000000, call: ['read'] });
 * // '{"call": ["read"], "expiry": 1700000000}'
 */
export function serializePolicy(policy: JsonObject): string {
  if (!isPlainObject(policy)) {
    throw new ValidationError({
      option: 'policy',
      received: policy,
      allowed: 'a plain object of JSON values, e.g. { expiry: 1700000000, call: ["read"] }',
    });
  }
  return write(policy, 'policy', []);
}

function write(value: unknown, path: string, parents: object[]): string {
  switch (typeof value) {
    case 'string':
      return pythonString(value);
    case 'number':
      return pythonNumber(value, path);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (value === null) return 'null';
      if (parents.includes(value)) {
        throw new ValidationError({
          option: path,
          received: value,
          allowed: 'JSON without cycles',
        });
      }
      const inner = [...parents, value];
      if (Array.isArray(value)) {
        const items: string[] = [];
        for (let i = 0; i < value.length; i++) {
          const item: unknown = value[i];
          if (item === undefined) unsupported(item, `${path}[${i}]`);
          items.push(write(item, `${path}[${i}]`, inner));
        }
        return `[${items.join(', ')}]`;
      }
      if (!isPlainObject(value)) unsupported(value, path);
      const record = value as Record<string, unknown>;
      const members: string[] = [];
      for (const key of Object.keys(record).sort(byCodePoint)) {
        const item = record[key];
        if (item === undefined) continue;
        members.push(`${pythonString(key)}: ${write(item, memberPath(path, key), inner)}`);
      }
      return `{${members.join(', ')}}`;
    }
    default:
      return unsupported(value, path);
  }
}

function unsupported(value: unknown, path: string): never {
  throw new ValidationError({
    option: path,
    received: value,
    allowed: 'a JSON value: string, finite number, boolean, null, array or plain object',
  });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  // A plain object's prototype is null or a root `Object.prototype`, of this realm or another
  // (an iframe, a vm context): comparing with this realm's `Object.prototype` would reject those.
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === null || Object.getPrototypeOf(proto) === null;
}

function memberPath(path: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

const SHORT_ESCAPES: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

/**
 * Python's `ensure_ascii` string (the same pattern as CPython's `ESCAPE_ASCII`): `"` and `\` and
 * the five short control escapes, then `\uxxxx` for any other code unit outside `' '..'~'`
 * (DEL included). Escaping UTF-16 code units one by one gives exactly Python's surrogate pairs
 * for astral characters.
 */
function pythonString(text: string): string {
  const escaped = text.replace(
    /[\\"]|[^ -~]/g,
    (char) => SHORT_ESCAPES[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return `"${escaped}"`;
}

/**
 * An integer-valued number is written as Python writes an `int` (all digits, never an exponent:
 * JavaScript cannot tell `1` from `1.0`, and policies hold integers). Any other number is written
 * as Python's `repr(float)`: the same shortest round-trip digits as JavaScript, but in exponent
 * form below 1e-4 (`1e-05`, where JavaScript writes `0.00001`), with a two-digit exponent.
 */
function pythonNumber(value: number, path: string): string {
  if (!Number.isFinite(value)) {
    throw new ValidationError({
      option: path,
      received: value,
      allowed: 'a finite number (NaN and Infinity are not JSON)',
    });
  }
  if (Number.isInteger(value)) {
    // `String` switches to exponent form from 1e21 on; BigInt prints every digit, as Python does.
    return Math.abs(value) < 1e21 ? String(value === 0 ? 0 : value) : BigInt(value).toString();
  }
  const sign = value < 0 ? '-' : '';
  const [mantissa = '', exponentText = '0'] = Math.abs(value).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const exponent = Number(exponentText);
  // Python's float repr uses fixed notation while -4 <= exponent < 16 (decimal point position
  // `exponent + 1` in (-4, 16]); a non-integer double is always below 2^53, so only the lower
  // bound matters here.
  if (exponent >= -4) {
    const point = exponent + 1;
    if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
    return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
  }
  const fraction = digits.length > 1 ? `.${digits.slice(1)}` : '';
  return `${sign}${digits[0]}${fraction}e-${String(-exponent).padStart(2, '0')}`;
}

/** Orders strings by Unicode code point, as Python sorts `str` (UTF-16 order differs). */
function byCodePoint(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(j)!;
    if (x !== y) return x - y;
    i += x > 0xffff ? 2 : 1;
    j += y > 0xffff ? 2 : 1;
  }
  return a.length - i - (b.length - j);
}
