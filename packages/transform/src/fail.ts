import { ValidationError } from '@fs/core';

/** Throws the ValidationError every check in this package uses: option, value, what is allowed. */
export const fail = (option: string, received: unknown, allowed: string): never => {
  throw new ValidationError({ option, received, allowed });
};

/**
 * Returns `value` when it is text matching `pattern`, otherwise fails naming `option`. `shown`
 * replaces the value in the error where the value is a secret.
 */
export const matchOrFail = (
  pattern: RegExp,
  value: unknown,
  option: string,
  allowed: string,
  shown: unknown = value,
): string =>
  typeof value === 'string' && pattern.test(value) ? value : fail(option, shown, allowed);
