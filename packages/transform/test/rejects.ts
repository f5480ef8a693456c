import { ValidationError } from '@fs/core';
import { expect } from 'vitest';

/**
 * Runs `run`, expects a ValidationError naming `option`, and (when given) the `received` value;
 * returns the error for further checks.
 */
export function rejects(
  run: () => unknown,
  option: string,
  ...received: [unknown?]
): ValidationError {
  let error: unknown;
  try {
    run();
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(ValidationError);
  const validation = error as ValidationError;
  expect(validation.option).toBe(option);
  if (received.length > 0) expect(validation.received).toEqual(received[0]);
  return validation;
}
