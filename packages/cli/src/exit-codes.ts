/** What the process exit code tells a script (documented in the README). */
export const EXIT = {
  /** Everything asked for was done. */
  ok: 0,
  /** Some file or check failed; the others still finished, and each failure was printed. */
  failed: 1,
  /** The command line was wrong (unknown option, bad value, missing key); nothing was sent. */
  usage: 2,
  /** Interrupted (Ctrl-C): 128 + SIGINT, as shells report it. */
  interrupted: 130,
  /** The reader of stdout went away (`| head -1`): 128 + SIGPIPE, as shells report it. */
  outputClosed: 141,
} as const;

/** One of the {@link EXIT} codes. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A failure the CLI explains itself: a message, what to do about it, and the exit code. */
export class CommandError extends Error {
  override name = 'CommandError';
  readonly hint: string | undefined;
  readonly exitCode: ExitCode;

  constructor(message: string, hint?: string, exitCode: ExitCode = EXIT.failed) {
    super(message);
    this.hint = hint;
    this.exitCode = exitCode;
  }
}

/** A mistake on the command line: exits 2, before any request is sent. */
export class UsageError extends CommandError {
  override name = 'UsageError';

  constructor(message: string, hint?: string) {
    super(message, hint, EXIT.usage);
  }
}
