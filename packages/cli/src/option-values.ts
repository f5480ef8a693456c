import { UsageError } from './exit-codes.js';

/** Commander's collector for an option that may be given several times. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/**
 * A whole number from `min` to `max`.
 *
 * @throws UsageError naming `option` otherwise.
 */
export function integerOption(option: string, text: string, min: number, max: number): number {
  const value = /^\d+$/.test(text.trim()) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(`${option}: got "${text}"; expected a whole number from ${min} to ${max}`);
  }
  return value;
}

/**
 * `key=value` pairs (`--tag team=web --tag build=42`) as an object; a value may contain `=`.
 *
 * @throws UsageError naming `option` for a pair without a key or without `=`.
 */
export function keyValues(option: string, pairs: readonly string[]): Record<string, string> {
  const result: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq < 1) {
      throw new UsageError(`${option}: got "${pair}"; expected key=value`);
    }
    result[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return result;
}
