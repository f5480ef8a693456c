import {
  AbortError,
  FilestackError,
  HttpError,
  NetworkError,
  TimeoutError,
  ValidationError,
} from '@fs/client';

/** Where the demo writes: a terminal gets colors and a live progress bar, a pipe plain lines. */
export interface Output {
  write(text: string): unknown;
  isTTY?: boolean;
}

const MIB = 1024 * 1024;

/** Bytes as people read them: `17.1 KiB`, `64.0 MiB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < MIB) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / MIB).toFixed(1)} MiB`;
}

/** Prints one block per step: a status line, then `label value` details. */
export class Reporter {
  readonly #out: Output;
  readonly #tty: boolean;
  readonly #color: boolean;
  #details: Array<[string, string]> = [];
  #title = '';
  #live = false;
  #lastDraw = 0;

  constructor(out: Output, env: Record<string, string | undefined> = {}) {
    this.#out = out;
    this.#tty = out.isTTY === true;
    this.#color = this.#tty && env.NO_COLOR === undefined;
  }

  #paint(code: string, text: string): string {
    return this.#color ? `\x1b[${code}m${text}\x1b[0m` : text;
  }

  /** The banner: what runs where. */
  header(lines: Array<[string, string]>): void {
    this.#out.write(`${this.#paint('1', 'fs demo: the Python SDK README, end to end')}\n`);
    for (const [label, value] of lines) this.#out.write(`  ${label.padEnd(9)} ${value}\n`);
    this.#out.write('\n');
  }

  /** A step begins. */
  start(title: string): void {
    this.#title = title;
    this.#details = [];
    if (this.#tty) {
      this.#out.write(`${this.#paint('2', '…')} ${title}`);
      this.#live = true;
    }
  }

  /** A detail line printed under the step's status line. */
  detail(label: string, value: string): void {
    this.#details.push([label, value]);
  }

  /**
   * Upload progress: a live bar on a terminal, nothing in a pipe. `percent` is the upload's own
   * (it reaches 100 only once the service confirmed the file).
   */
  progress(loaded: number, total: number, percent = Math.floor((loaded / total) * 100)): void {
    if (!this.#tty) return;
    const now = Date.now();
    if (loaded < total && now - this.#lastDraw < 50) return;
    this.#lastDraw = now;
    const width = 28;
    const done = Math.round((loaded / total) * width);
    const bar = `${'█'.repeat(done)}${'░'.repeat(width - done)}`;
    const shown = `${percent}%`.padStart(4);
    this.#out.write(
      `\r\x1b[2K${this.#paint('2', '…')} ${this.#title}  ${bar} ${shown}  ${formatBytes(loaded)} / ${formatBytes(total)}`,
    );
  }

  /** A live status line on a terminal (e.g. a conversion's status); nothing in a pipe. */
  status(text: string): void {
    if (!this.#tty) return;
    this.#out.write(`\r\x1b[2K${this.#paint('2', '…')} ${this.#title}  ${text}`);
  }

  #finish(mark: string, suffix: string): void {
    if (this.#live) this.#out.write('\r\x1b[2K');
    this.#live = false;
    this.#out.write(`${mark} ${this.#title.padEnd(54)} ${suffix}\n`);
    for (const [label, value] of this.#details) {
      this.#out.write(`    ${this.#paint('2', label.padEnd(10))} ${value}\n`);
    }
  }

  ok(ms: number): void {
    this.#finish(this.#paint('32', '✔'), this.#paint('2', `${Math.round(ms)} ms`));
  }

  skipped(reason: string): void {
    this.#finish(this.#paint('33', '–'), this.#paint('33', `skipped: ${reason}`));
  }

  /** A failed step: the typed error, then a hint. */
  failed(ms: number, error: unknown, hint: string): void {
    this.#finish(this.#paint('31', '✘'), this.#paint('31', `failed after ${Math.round(ms)} ms`));
    this.#out.write(`    ${this.#paint('31', describeError(error))}\n`);
    this.#out.write(`    ${this.#paint('1', 'hint')}       ${hintFor(error) ?? hint}\n`);
  }

  /** The closing line. */
  summary(text: string, ok: boolean): void {
    this.#out.write(`\n${this.#paint(ok ? '32' : '31', text)}\n`);
  }
}

/** `HttpError (HTTP 403): message` and the like: the class, what it carries, its message. */
export function describeError(error: unknown): string {
  if (error instanceof HttpError) return `HttpError (HTTP ${error.status}): ${error.message}`;
  if (error instanceof ValidationError)
    return `ValidationError (option ${error.option}): ${error.message}`;
  if (error instanceof FilestackError) return `${error.name} (${error.code}): ${error.message}`;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return `a non-error value: ${String(error)}`;
}

/** A hint that follows from the error itself, before the step's own. */
function hintFor(error: unknown): string | undefined {
  if (error instanceof AbortError)
    return 'the demo was interrupted (Ctrl-C); nothing more was sent';
  if (error instanceof HttpError && error.status === 401) {
    return 'the API key was refused: check FILESTACK_API_KEY';
  }
  if (error instanceof HttpError && error.status === 403) {
    return 'the app has security on: set FILESTACK_APP_SECRET so the demo signs its requests, with every call the step needs';
  }
  if (error instanceof NetworkError || error instanceof TimeoutError) {
    return 'the service did not answer: check the network, or unset FILESTACK_API_KEY to run on the embedded emulator';
  }
  return undefined;
}
