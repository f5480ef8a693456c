import type { CliContext } from './context.js';
import type { ExitCode } from './exit-codes.js';

/**
 * What a command does with its arguments and flags (commander's action arguments without the
 * trailing Command); resolves with the exit code.
 */
export type Handler<Args extends unknown[]> = (
  context: CliContext,
  ...args: Args
) => Promise<ExitCode>;

/**
 * Turns a handler into a commander action: it receives a context for the command's global and
 * own flags, and whatever it returns or throws becomes the exit code.
 */
export type Act = <Args extends unknown[]>(
  handler: Handler<Args>,
) => (...args: unknown[]) => Promise<void>;
