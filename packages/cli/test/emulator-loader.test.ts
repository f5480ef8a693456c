import { describe, expect, it } from 'vitest';
import { loadEmulator } from '../src/emulator-loader.js';
import { CommandError } from '../src/exit-codes.js';

describe('the optional emulator', () => {
  it('is loaded when a command needs it', async () => {
    expect(typeof (await loadEmulator()).startEmulator).toBe('function');
  });

  it('says how to install it where it is missing', async () => {
    // A real failed import, as Node reports a package that is not installed.
    const missing = () => import(/* @vite-ignore */ ['@fs', 'emulator-not-installed'].join('/'));
    const error = await loadEmulator(missing).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CommandError);
    expect(error).toMatchObject({
      message: expect.stringMatching(/@fs\/emulator is not installed/),
      hint: expect.stringMatching(/npm install -g @fs\/emulator/),
    });
  });

  it('lets any other failure through as it is', async () => {
    const broken = () => Promise.reject(new TypeError('sharp failed to load'));
    await expect(loadEmulator(broken)).rejects.toThrow(TypeError);
  });
});
