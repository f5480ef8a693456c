import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const entry = new URL('../src/index.ts', import.meta.url).pathname;

/** Bundles `code` for the browser as `pnpm size` does: esbuild, minified, then gzip -9. */
async function bundle(code: string): Promise<{ text: string; gzip: number }> {
  const result = await build({
    stdin: { contents: code, resolveDir: new URL('.', import.meta.url).pathname, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
  });
  const bytes = result.outputFiles[0]!.contents;
  return { text: new TextDecoder().decode(bytes), gzip: gzipSync(bytes, { level: 9 }).length };
}

const SIGNED_RESIZE = `import { transformUrl, resize } from ${JSON.stringify(entry)};
export const url = transformUrl('aBcDeFgHiJkLmNoPqRsT', [resize({ width: 400 })], {
  security: {
    policy: 'eyJleHBpcnkiOjE2MTcyMjgwMDB9',
    signature: '8ff61ba46198ad2778933e578e62fdf37ca4e28193655e8cd04f775598165f90',
  },
});`;

describe('a page that imports transformUrl and resize', () => {
  it('bundles no other task, no catalog data and no network code', async () => {
    const { text } = await bundle(SIGNED_RESIZE);
    expect(text).toContain('"resize"');
    for (const absent of [
      'pixelate_faces', // another task
      'video_convert',
      'a color: 3, 6 or 8', // the color rule of other tasks
      'libfdk_aac', // enum data of another task
      'TASK_NAMES',
      'flip flop', // the task-name list of the parser
      'decodeURIComponent', // the parser
      'HttpError', // the HTTP layer
      'toStoredFile',
      'Filestack-Source',
    ]) {
      expect(text, absent).not.toContain(absent);
    }
  });

  it('stays small (the figure pnpm size checks against its budget)', async () => {
    const { gzip } = await bundle(SIGNED_RESIZE);
    console.log(`transformUrl + resize + signed policy: ${gzip} B min+gzip`);
    expect(gzip).toBeLessThanOrEqual(2100);
  });
});

describe('a page that imports getContent', () => {
  it('bundles the HTTP layer but no task and no parser', async () => {
    const { text } = await bundle(`export { getContent } from ${JSON.stringify(entry)};`);
    expect(text).toContain('HttpError');
    for (const absent of ['"resize"', 'pixelate_faces', 'TASK_NAMES', 'flip flop', 'store=']) {
      expect(text, absent).not.toContain(absent);
    }
  });
});

describe('each factory on its own', () => {
  it('pulls the color rule only into tasks with color parameters', async () => {
    const color = 'a color: 3, 6 or 8 hex digits';
    expect((await bundle(`export { resize } from ${JSON.stringify(entry)};`)).text).not.toContain(
      color,
    );
    expect((await bundle(`export { border } from ${JSON.stringify(entry)};`)).text).toContain(
      color,
    );
  });

  it('costs a bare task a few bytes', async () => {
    const { text } = await bundle(`export { flip } from ${JSON.stringify(entry)};`);
    expect(text.length).toBeLessThan(120);
  });
});
