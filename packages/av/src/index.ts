export type { VideoConvertParams } from '@fs/transform';
export type { AudioVisual, StatusOptions, WaitOptions } from './audio-visual.js';
export { ConversionError, type ConversionStatus } from './conversion-error.js';
export type { ConversionResult } from './job-state.js';
export {
  type ConversionJob,
  type OpenConversionOptions,
  openConversion,
} from './open-conversion.js';
export { DEFAULT_POLL, type PollTiming, TOLERATED_FAILURES } from './poll.js';
export { type VideoConvertOptions, videoConvert } from './video-convert.js';
