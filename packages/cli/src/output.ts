import { REDACTED, redactText } from '@fs/core';
import picocolors from 'picocolors';

/** A stream the CLI writes to: the process's stdout or stderr, or a test's. */
export interface OutputStream {
  /** Writes `text` as it is (lines end with their own newline). */
  write(text: string): unknown;
  /** Set on terminals. */
  isTTY?: boolean;
  /** Node's check of NO_COLOR, FORCE_COLOR and TERM for a terminal. */
  hasColors?(): boolean;
}

/** How much to print: from `--json`, `--quiet` and `--verbose`. */
export interface OutputMode {
  /** One JSON object per result (NDJSON) on stdout. */
  json: boolean;
  /** No progress and no notes; results and errors only. */
  quiet: boolean;
  /** Causes of errors and retries, on stderr. */
  verbose: boolean;
}

/** A record printed as one NDJSON line. */
export type JsonRecord = Record<string, unknown>;

/**
 * Everything the CLI prints goes through here. Results go to stdout (a line for people, or one
 * JSON object per line with `--json`); notes, progress and errors go to stderr, scrubbed of every
 * secret the run knows and of anything shaped like a policy or signature.
 */
export class Output {
  readonly mode: OutputMode;
  readonly #stdout: OutputStream;
  readonly #stderr: OutputStream;
  readonly #secrets = new Set<string>();
  /** While progress bars are drawn: writes a line above them. */
  #terminalLog: ((line: string) => void) | undefined;
  /** Colours for stderr, off unless it is a terminal that wants them (NO_COLOR, TERM=dumb). */
  readonly colors: ReturnType<typeof picocolors.createColors>;

  constructor(streams: { stdout: OutputStream; stderr: OutputStream }, mode: OutputMode) {
    this.#stdout = streams.stdout;
    this.#stderr = streams.stderr;
    this.mode = mode;
    this.colors = picocolors.createColors(isTerminal(streams.stderr) && hasColors(streams.stderr));
  }

  /** True when stderr is a terminal that progress bars and spinners may draw on. */
  get interactive(): boolean {
    return !this.mode.quiet && isTerminal(this.#stderr);
  }

  /** The stream progress bars and spinners draw on. */
  get terminal(): OutputStream {
    return this.#stderr;
  }

  /** A value that must never be printed, wherever it would appear (secrets, signatures). */
  keepSecret(value: string | undefined): void {
    // Very short values would scrub ordinary text; no real secret is that short.
    if (value && value.length >= 6) this.#secrets.add(value);
  }

  /**
   * Routes lines through `log` while progress bars are drawn, so that they appear above the
   * bars instead of tearing them; `undefined` when the bars are gone.
   */
  setTerminalLog(log: ((line: string) => void) | undefined): void {
    this.#terminalLog = log;
  }

  /** A result: `record` as a JSON line with `--json`, else `line`. */
  result(record: JsonRecord, line: string): void {
    this.#out(this.mode.json ? JSON.stringify(record) : line);
  }

  /**
   * A failure of one item: with `--json` also a JSON line on stdout, so a script sees every
   * input; always one line on stderr for people.
   */
  failure(record: JsonRecord, message: string, causes: readonly string[] = []): void {
    if (this.mode.json) this.#out(JSON.stringify(record));
    this.error(message, causes);
  }

  /** A note for people (what is happening, where files went); hidden by `--quiet`. */
  info(line: string): void {
    if (!this.mode.quiet) this.#err(line);
  }

  /** Something the user must know even with `--quiet`. */
  warn(line: string): void {
    this.#err(`${this.colors.yellow('warning:')} ${line}`);
  }

  /** Detail for `--verbose` only. */
  debug(line: string): void {
    if (this.mode.verbose) this.#err(this.colors.dim(line));
  }

  /** The one line that says what went wrong and what to do; the causes too with `--verbose`. */
  error(message: string, causes: readonly string[] = []): void {
    this.#err(`${this.colors.red('error:')} ${message}`);
    if (this.mode.verbose) for (const cause of causes) this.#err(`  caused by: ${cause}`);
  }

  /** Removes every known secret and anything shaped like a policy or signature. */
  scrub(text: string): string {
    let clean = text;
    for (const secret of this.#secrets) clean = clean.split(secret).join(REDACTED);
    return redactText(clean);
  }

  #out(line: string): void {
    // A result on the terminal the bars are drawn on goes above them; a pipe gets it directly.
    if (this.#terminalLog && isTerminal(this.#stdout)) this.#terminalLog(`${line}\n`);
    else this.#stdout.write(`${line}\n`);
  }

  #err(line: string): void {
    const clean = this.scrub(line);
    if (this.#terminalLog) this.#terminalLog(`${clean}\n`);
    else this.#stderr.write(`${clean}\n`);
  }
}

function isTerminal(stream: OutputStream): boolean {
  return stream.isTTY === true;
}

function hasColors(stream: OutputStream): boolean {
  return typeof stream.hasColors === 'function' && stream.hasColors();
}
