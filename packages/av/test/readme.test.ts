import { runReadmeExample } from '@fs/test-kit';
import { describe, expect, it } from 'vitest';

describe('the README example', () => {
  // The example waits for two conversions: on a loaded machine that takes far longer than the
  // default timeout, which only guards against a hang.
  it('runs against the emulator and prints what its comments say', {
    timeout: 120_000,
  }, async () => {
    const { lines } = await runReadmeExample(new URL('../README.md', import.meta.url), {
      file: 'example.mjs',
      imports: {
        '@fs/av': new URL('../src/index.ts', import.meta.url),
        '@fs/emulator': import.meta.resolve('@fs/emulator'),
        '@fs/upload': import.meta.resolve('@fs/upload'),
      },
    });
    expect(lines).toEqual([
      '32',
      'pending',
      'status: pending',
      'status: started',
      'status: completed',
      'true',
      'CONVERSION_FAILED video_convert: the file is not audio or video (text/plain)',
    ]);
  });
});
