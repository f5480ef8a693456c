import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gradientPng } from '@fs/test-kit';
import { createServer } from 'vite';
import { expect, it } from 'vitest';
import { launchChromium } from './support/chromium.js';
import { naturalSize, openDemo, startedWorkers, uploadEnded } from './support/demo-page.js';
import { APP_DIR } from './support/demo-server.js';

it('`pnpm dev` serves the page with an emulator of its own and the MD5 worker, and closes the emulator with the server', async () => {
  const files = mkdtempSync(join(tmpdir(), 'fs-web-dev-'));
  const png = join(files, 'photo.png');
  // Stored uncompressed (1.4 MB): big enough for its MD5 to be computed in the worker.
  writeFileSync(png, gradientPng(800, 600, { level: 0 }));
  // The app's own vite.config.ts, as `pnpm --filter @fs/web dev` loads it.
  const server = await createServer({
    root: APP_DIR,
    configFile: join(APP_DIR, 'vite.config.ts'),
    logLevel: 'silent',
    server: { host: '127.0.0.1', port: 0, strictPort: true },
  });
  const browser = await launchChromium();
  try {
    await server.listen();
    const url = server.resolvedUrls!.local[0]!.replace(/\/$/, '');
    const config = (await (await fetch(`${url}/emulator.json`)).json()) as {
      apikey: string;
      urls: { cdn: string; upload: string };
    };
    expect(config.apikey).toMatch(/^\w+$/);
    expect(new URL(config.urls.upload).hostname).toBe('127.0.0.1');

    const page = await browser.context.newPage();
    const { pageErrors } = await openDemo(page, url);
    await page.setInputFiles('#file', png);
    const end = await uploadEnded(page);
    expect(end, end.text).toMatchObject({ state: 'done' });
    expect(await naturalSize(page, 'original')).toMatchObject({ width: 800, height: 600 });
    const transformed = await naturalSize(page, 'transformed');
    expect(transformed).toMatchObject({ width: 400, height: 300 });
    expect(transformed.src.startsWith(`${config.urls.cdn}/`)).toBe(true);
    // Vite's dev server serves @fs/upload's md5.worker.js, and the worker hashed the part.
    const { workers } = await startedWorkers(page);
    expect(workers).toEqual([expect.objectContaining({ answers: 1, errors: 0 })]);
    expect(pageErrors).toEqual([]);

    await server.close();
    await expect(fetch(config.urls.upload)).rejects.toThrow();
  } finally {
    await Promise.allSettled([server.close(), browser.close()]);
    rmSync(files, { recursive: true, force: true });
  }
});
