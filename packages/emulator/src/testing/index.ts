/**
 * `@fs/emulator/testing`: an emulator per test file with hooks from the test runner
 * (`useEmulator`), a loopback origin for external URLs (`serveOrigin`), and for real video
 * conversions: finding ffmpeg (`ffmpegForTests`), making a sample video (`sampleVideo`) and
 * reading an MP4's tracks from its boxes (`readMp4Tracks`).
 *
 * @module @fs/emulator/testing
 */
export { findFfmpeg } from '../video/ffmpeg.js';
export { ffmpegForTests } from './ffmpeg-for-tests.js';
export type { Mp4Summary, Mp4Track } from './mp4-tracks.js';
export { readMp4Tracks } from './mp4-tracks.js';
export type { SampleVideoOptions } from './sample-video.js';
export { sampleVideo } from './sample-video.js';
export type { Origin, OriginAnswer, OriginRequest, OriginRoute } from './serve-origin.js';
export { serveOrigin } from './serve-origin.js';
export type { Proxy, ProxyRequest, ServeProxyOptions } from './serve-proxy.js';
export { serveProxy } from './serve-proxy.js';
export type { TestHook, TestHooks, UseEmulatorOptions } from './use-emulator.js';
export { useEmulator } from './use-emulator.js';
