import { runDemo } from './demo.js';

// `pnpm demo`: Ctrl-C aborts the step in flight, which then fails with an AbortError and the
// emulator and temp files are cleaned up before exit.
const controller = new AbortController();
process.once('SIGINT', () => controller.abort());
process.exitCode = await runDemo({ signal: controller.signal });
