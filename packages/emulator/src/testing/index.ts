export type { Origin, OriginAnswer, OriginRequest, OriginRoute } from './serve-origin.js';
export { serveOrigin } from './serve-origin.js';
export type { TestHook, TestHooks, UseEmulatorOptions } from './use-emulator.js';
export { useEmulator } from './use-emulator.js';
