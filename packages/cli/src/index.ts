export type { CliIo } from './context.js';
export { EXIT, type ExitCode } from './exit-codes.js';
export type { OutputStream } from './output.js';
export { VERSION } from './program.js';
export { type RunOptions, run } from './run.js';
export type { Environment } from './settings.js';
