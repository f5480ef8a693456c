import { inspect } from 'node:util';
import { expect } from 'vitest';

/** An error class, abstract ones included (`FilestackError`). */
export type ErrorClass<T> = abstract new (...args: never[]) => T;

/** Fields the error must carry: values, or vitest's asymmetric matchers (`expect.any(...)`). */
export type ErrorFields<T> = { [K in keyof T]?: unknown };

function expectError<T>(error: unknown, type: ErrorClass<T>, fields?: ErrorFields<T>): T {
  expect(error).toBeInstanceOf(type);
  if (fields) expect(error).toMatchObject(fields);
  return error as T;
}

/**
 * Awaits `promise`, which must reject with an instance of `type` that carries `fields`
 * (compared as `toMatchObject` compares); resolves with the error, for further checks. A
 * promise that resolves fails the test, saying with what.
 *
 * @example
 * ```ts
 * const error = await rejection(upload(file, { apikey: '' }), ValidationError, { option: 'apikey' });
 * expect(error.message).toContain('expected');
 * ```
 */
export async function rejection<T>(
  promise: PromiseLike<unknown>,
  type: ErrorClass<T>,
  fields?: ErrorFields<T>,
): Promise<T> {
  let result: unknown;
  try {
    result = await promise;
  } catch (error) {
    return expectError(error, type, fields);
  }
  throw new Error(`expected a rejection with ${type.name}, got a result: ${inspect(result)}`);
}

/**
 * Runs `run`, which must throw an instance of `type` that carries `fields`; returns the error.
 * The synchronous twin of {@link rejection}.
 *
 * @example
 * ```ts
 * thrown(() => assertHandle('x'), ValidationError, { option: 'handle', received: 'x' });
 * ```
 */
export function thrown<T>(run: () => unknown, type: ErrorClass<T>, fields?: ErrorFields<T>): T {
  let result: unknown;
  try {
    result = run();
  } catch (error) {
    return expectError(error, type, fields);
  }
  throw new Error(`expected a throw of ${type.name}, got a result: ${inspect(result)}`);
}
