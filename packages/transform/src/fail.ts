import { ValidationError } from '@fs/core';

/** Throws the ValidationError every check in this package uses: option, value, what is allowed. */
export const fail = (option: string, received: unknown, allowed: string): never => {
  throw new ValidationError({ option, received, allowed });
};
