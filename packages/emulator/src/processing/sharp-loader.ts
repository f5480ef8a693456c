import type SharpModule from 'sharp';
import { ReplyError } from '../http/replies.js';

/** The `sharp` function. */
export type SharpFactory = typeof SharpModule;
/** One sharp pipeline. */
export type SharpImage = ReturnType<SharpFactory>;

let loading: Promise<SharpFactory> | undefined;

/**
 * Loads sharp on the first processing request, so starting the emulator (and every test that
 * never processes an image) does not load the native library.
 */
export function loadSharp(): Promise<SharpFactory> {
  loading ??= import('sharp').then((module) => {
    const sharp = ((module as { default?: SharpFactory }).default ?? module) as SharpFactory;
    // No operation cache: every request reads its own file, and a cached file handle would
    // keep an overwritten or deleted file's old bytes alive.
    sharp.cache(false);
    return sharp;
  });
  return loading.catch((error: unknown) => {
    loading = undefined;
    throw new ReplyError(
      501,
      `image processing needs the sharp package: ${(error as Error).message ?? error}`,
    );
  });
}
