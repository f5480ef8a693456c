#!/usr/bin/env node
import { redactText } from '@fs/core';
import { EXIT } from './exit-codes.js';
import { run } from './run.js';

// Ctrl-C (or SIGTERM) aborts the command: uploads stop, nothing half-done is reported, the
// embedded emulator is closed. A second Ctrl-C leaves at once.
const interrupt = new AbortController();
const onSignal = () => {
  if (interrupt.signal.aborted) process.exit(EXIT.interrupted);
  interrupt.abort();
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

// `filestack ... | head -1`: once the reader of stdout has gone, no result reaches anyone. Node
// ignores SIGPIPE and reports EPIPE on the next write instead; stop as the writer of a shell
// pipeline stops, without a stack trace: requests in flight aborted as on Ctrl-C, exit 141.
let outputClosed = false;
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  outputClosed = true;
  interrupt.abort();
});

run(process.argv.slice(2), { signal: interrupt.signal }).then(
  (code) => exitAfterFlush(code),
  (error: unknown) => {
    // run() explains the errors of commands; anything reaching here is a bug.
    process.stderr.write(`error: filestack failed unexpectedly: ${redactText(String(error))}\n`);
    exitAfterFlush(EXIT.failed);
  },
);

/** Exits once stdout and stderr are written out (a pipe is written asynchronously). */
function exitAfterFlush(code: number): void {
  const exit = () => process.exit(outputClosed ? EXIT.outputClosed : code);
  process.stdout.write('', () => process.stderr.write('', exit));
}
