import {
  AbortError,
  FilestackError,
  HttpError,
  NetworkError,
  TimeoutError,
  ValidationError,
} from '@fs/core';
import { CommandError, EXIT, type ExitCode } from './exit-codes.js';
import { ENV } from './settings.js';

/** An error as the CLI prints it: one line, what to do, the causes for `--verbose`. */
export interface ExplainedError {
  /** The error's code (`HTTP`, `VALIDATION`, ...), for JSON output. */
  code: string;
  message: string;
  hint: string | undefined;
  /** The messages of the `cause` chain, outermost first. */
  causes: string[];
  exitCode: ExitCode;
}

/**
 * Turns any error into one line and an exit code. A ValidationError is a usage error (exit 2):
 * the SDK raises it for bad input, before any request. SDK errors are recognised with
 * `isInstance`, so errors of another copy of `@fs/core` (its CommonJS build, another version
 * under `@fs/client`) are explained the same.
 */
export function explainError(error: unknown): ExplainedError {
  const causes = causeChain(error);
  if (error instanceof CommandError) {
    return {
      code: error.exitCode === EXIT.usage ? 'USAGE' : 'FAILED',
      message: error.message,
      hint: error.hint,
      causes,
      exitCode: error.exitCode,
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  const result = (hint: string | undefined, exitCode: ExitCode = EXIT.failed) => ({
    code: FilestackError.isInstance(error) ? String(error.code) : 'ERROR',
    message,
    hint,
    causes,
    exitCode,
  });
  if (AbortError.isInstance(error)) return result(undefined, EXIT.interrupted);
  if (ValidationError.isInstance(error)) return result(undefined, EXIT.usage);
  if (HttpError.isInstance(error)) return result(httpHint(error.status));
  if (NetworkError.isInstance(error) || TimeoutError.isInstance(error)) {
    return result(`check the network, or that the host (or --endpoint / ${ENV.endpoint}) is up`);
  }
  if (FilestackError.isInstance(error)) return result(undefined);
  return result('this looks like a bug in filestack; --verbose shows the cause');
}

function httpHint(status: number): string | undefined {
  if (status === 401 || status === 403) {
    return `check the API key; if the app has security on, set ${ENV.appSecret} so requests are signed`;
  }
  if (status === 404) return 'no such file: check the handle';
  if (status === 429) return 'rate limited: wait a moment and try again';
  return undefined;
}

function causeChain(error: unknown): string[] {
  const causes: string[] = [];
  let cause = (error as { cause?: unknown } | null)?.cause;
  // A cycle or a very deep chain stops after a few steps: one line each is enough.
  for (let depth = 0; cause !== undefined && cause !== null && depth < 5; depth++) {
    causes.push(cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause));
    cause = (cause as { cause?: unknown }).cause;
  }
  return causes;
}

/** `message; hint`: the one line printed for an error. */
export function errorLine(explained: ExplainedError): string {
  return explained.hint ? `${explained.message}; ${explained.hint}` : explained.message;
}
