import { ValidationError } from './errors.js';

/** A Filestack file handle: 20 characters of `[A-Za-z0-9_-]` (docs/protocol.md#identifiers). */
export const HANDLE_PATTERN = /^[A-Za-z0-9_-]{20}$/;

/** Whether `value` is a Filestack file handle. */
export function isHandle(value: unknown): value is string {
  return typeof value === 'string' && HANDLE_PATTERN.test(value);
}

/** Returns `value` when it is a handle, otherwise throws a ValidationError naming `option`. */
export function assertHandle(value: unknown, option = 'handle'): string {
  if (isHandle(value)) return value;
  throw new ValidationError({
    option,
    received: value,
    allowed: 'a Filestack handle: 20 characters of A-Z, a-z, 0-9, "_" or "-"',
  });
}
