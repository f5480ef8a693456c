import { ValidationError } from './errors.js';

const API_KEY =
  'your Filestack API key: letters, digits, "_" and "-", e.g. "AhTgLagciQByzXpFGRI0Az"';

/**
 * Returns `value` when it can be an API key, otherwise throws a ValidationError naming
 * `option`. The message never quotes what was given: a secret pasted in by mistake stays out
 * of logs.
 */
export function assertApikey(value: unknown, option = 'apikey'): string {
  if (typeof value === 'string' && /^[\w-]+$/.test(value)) return value;
  throw new ValidationError({
    option,
    received: value,
    allowed: API_KEY,
    message: `Invalid ${option}: expected ${API_KEY}`,
  });
}
