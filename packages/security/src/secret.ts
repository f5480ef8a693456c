import { ValidationError } from '@fs/core';

/** Checks the app secret without ever putting it (or a piece of it) in the error. */
export function assertSecret(secret: unknown): asserts secret is string {
  if (typeof secret === 'string' && secret !== '') return;
  throw new ValidationError({
    option: 'secret',
    received: typeof secret === 'string' ? 'an empty string' : `a ${typeof secret}`,
    allowed: 'the app secret from the Filestack dev portal: a non-empty string',
    message: `Invalid secret: got ${typeof secret === 'string' ? 'an empty string' : `a value of type ${secret === null ? 'null' : typeof secret}`}; expected the app secret, a non-empty string`,
  });
}
