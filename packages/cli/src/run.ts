import { CommanderError } from 'commander';
import type { Act, Handler } from './command-action.js';
import { CliContext, type CliIo } from './context.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { errorLine, explainError } from './explain-error.js';
import { createProgram } from './program.js';
import type { GlobalOptions } from './settings.js';

/** Where a run reads and writes; each defaults to the process's own. */
export type RunOptions = Partial<CliIo>;

/**
 * Runs the `filestack` command line with `args` (without `node` and the script) and resolves
 * with its exit code: 0 all done, 1 some file or check failed, 2 usage error, 130 interrupted
 * (when `signal` aborts). It never exits the process itself.
 *
 * @example
 * import { run } from '@fs/cli';
 * const code = await run(['url', 'aBcDeFgHiJkLmNoPqRsT', 'resize=width:400']);
 */
export async function run(args: readonly string[], options: RunOptions = {}): Promise<number> {
  const io: CliIo = {
    stdout: options.stdout ?? process.stdout,
    stderr: options.stderr ?? process.stderr,
    stdin: options.stdin ?? process.stdin,
    env: options.env ?? process.env,
    signal: options.signal ?? new AbortController().signal,
  };
  let code: ExitCode = EXIT.ok;
  const act: Act =
    <Args extends unknown[]>(handler: Handler<Args>) =>
    async (...args: unknown[]) => {
      // Commander passes the arguments, the flags, then the Command itself.
      const command = args.at(-1) as { optsWithGlobals(): GlobalOptions };
      const context = new CliContext(io, command.optsWithGlobals());
      try {
        code = await handler(context, ...(args.slice(0, -1) as Args));
      } catch (error) {
        code = report(context, error);
      } finally {
        await context.close().catch((error: unknown) => {
          context.output.warn(`the embedded emulator did not stop cleanly: ${String(error)}`);
        });
      }
    };
  try {
    await createProgram(act, io).parseAsync([...args], { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    // Help and version exit 0; every other complaint of the parser is a usage error.
    return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  return code;
}

/** Prints `error` as one line (the causes too with `--verbose`) and picks the exit code. */
function report(context: CliContext, error: unknown): ExitCode {
  const explained = explainError(error);
  if (context.signal.aborted && explained.exitCode !== EXIT.usage) {
    context.output.warn('interrupted');
    return EXIT.interrupted;
  }
  context.output.error(errorLine(explained), explained.causes);
  return explained.exitCode;
}
