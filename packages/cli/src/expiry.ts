import { UsageError } from './exit-codes.js';

const SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

/** When a policy expires, as `createPolicy` takes it. */
export type Expiry = { expiresIn: number } | { expiresAt: number | Date };

/**
 * Reads `--expiry`: a duration from now (`90s`, `30m`, `1h`, `7d`, `2w`), an ISO date
 * (`2030-01-01T00:00:00Z`), or a unix time in seconds (`1893456000`). A time in milliseconds is
 * passed on as given, so that `createPolicy` refuses it with its own explanation.
 *
 * @throws UsageError for anything else.
 */
export function parseExpiry(text: string): Expiry {
  const value = text.trim();
  const duration = /^(\d+)\s*([smhdw])$/i.exec(value);
  if (duration) {
    return { expiresIn: Number(duration[1]) * SECONDS[duration[2]!.toLowerCase()]! };
  }
  if (/^\d+$/.test(value)) return { expiresAt: Number(value) };
  // Dates only: `Date.parse` alone would read "5" or "June" as a time.
  const date = /^\d{4}-\d{2}-\d{2}/.test(value) ? new Date(value) : undefined;
  if (date && !Number.isNaN(date.getTime())) return { expiresAt: date };
  throw new UsageError(
    `--expiry: got "${text}"; expected a duration (30m, 1h, 7d), an ISO date (2030-01-01T00:00:00Z) or unix seconds`,
  );
}
