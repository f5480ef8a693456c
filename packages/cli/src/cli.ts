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
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}
