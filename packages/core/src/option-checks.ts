import { ValidationError } from './errors.js';

// Checks shared by every package's options, so that the same mistake gets the same message
// whichever function it was made with.

/** The longest delay `setTimeout` keeps: a longer one would fire at once. */
export const MAX_TIMER_MS = 2_147_483_647;

/**
 * `value` when it is undefined or a number from `min` to `max` (an integer if `integer`); a
 * ValidationError saying what is `allowed` otherwise.
 */
export function optionalNumber(
  option: string,
  value: unknown,
  min: number,
  max: number,
  integer = false,
  allowed = `${integer ? 'an integer' : 'a number'} from ${min} to ${max}`,
): number | undefined {
  if (
    value !== undefined &&
    (typeof value !== 'number' ||
      !(value >= min && value <= max) ||
      (integer && !Number.isInteger(value)))
  ) {
    throw new ValidationError({ option, received: value, allowed });
  }
  return value;
}

/** `value` when it is undefined or an integer from `min` to `max`; a ValidationError otherwise. */
export const optionalInteger = (option: string, value: unknown, min: number, max: number) =>
  optionalNumber(option, value, min, max, true);

/** Throws a ValidationError unless `value` is undefined or a function. */
export function optionalFunction(option: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'function') {
    throw new ValidationError({ option, received: value, allowed: 'a function' });
  }
}

/** Throws a ValidationError unless `signal` is undefined or an AbortSignal. */
export function checkSignal(signal: unknown, option = 'signal'): void {
  if (
    signal !== undefined &&
    (signal === null ||
      typeof signal !== 'object' ||
      typeof (signal as AbortSignal).aborted !== 'boolean' ||
      typeof (signal as AbortSignal).addEventListener !== 'function')
  ) {
    throw new ValidationError({ option, received: signal, allowed: 'an AbortSignal' });
  }
}
