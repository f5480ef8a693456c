export { EXIT, type ExitCode } from './exit-codes.js';
export { VERSION } from './program.js';
export { type RunOptions, run } from './run.js';
