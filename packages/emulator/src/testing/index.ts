/**
 * `@fs/emulator/testing`: an emulator per test file with hooks from the test runner
 * (`useEmulator`), and a loopback origin for external URLs (`serveOrigin`).
 *
 * @module @fs/emulator/testing
 */
export type { Origin, OriginAnswer, OriginRequest, OriginRoute } from './serve-origin.js';
export { serveOrigin } from './serve-origin.js';
export type { TestHook, TestHooks, UseEmulatorOptions } from './use-emulator.js';
export { useEmulator } from './use-emulator.js';
