import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Chromium, launchChromium } from './support/chromium.js';
import { openDemo, startedRequests, startedWorkers, uploadEnded } from './support/demo-page.js';
import { type DemoServer, startDemo } from './support/demo-server.js';

const MiB = 1024 * 1024;
const PART = 8 * MiB; // @fs/upload's default part size
// Three parts, the last one of 4 MiB and a few bytes: every part is big enough for the worker.
const bytes = randomBytes(2 * PART + 4 * MiB + 77);

let browser: Chromium;
let files: string;
let file: string;

beforeAll(async () => {
  files = mkdtempSync(join(tmpdir(), 'fs-web-md5-'));
  file = join(files, 'random.bin');
  writeFileSync(file, bytes);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  rmSync(files, { recursive: true, force: true });
});

const digest = (algorithm: string, data: Uint8Array, encoding: 'hex' | 'base64' = 'hex') =>
  createHash(algorithm).update(data).digest(encoding);

/** Base64 MD5 of each part of `bytes`, as `/multipart/upload` and `Content-MD5` carry them. */
const partMd5s = () =>
  [0, PART, 2 * PART].map((at) => digest('md5', bytes.subarray(at, at + PART), 'base64'));

/**
 * Uploads the file from the demo page and checks what was stored: the MD5 and SHA-256 of the
 * bytes read back from the emulator are the file's, and each part PUT carried its part's MD5.
 */
async function uploadAndCheck(page: Page, demo: DemoServer): Promise<void> {
  await page.setInputFiles('#file', file);
  const end = await uploadEnded(page);
  expect(end, end.text).toMatchObject({ state: 'done' });

  const url = (await page.textContent('#original-url')) ?? '';
  expect(url.startsWith(`${demo.emulator.url}/`)).toBe(true);
  const stored = new Uint8Array(await (await fetch(url)).arrayBuffer());
  expect(stored.length).toBe(bytes.length);
  expect(digest('md5', stored)).toBe(digest('md5', bytes));
  expect(digest('sha256', stored)).toBe(digest('sha256', bytes));

  const { started } = await startedRequests(page);
  const puts = started.filter((request) => request.method === 'PUT');
  expect(puts.map((put) => put.md5).sort()).toEqual(partMd5s().sort());
  // Still slices of the File: hashing did not turn the bodies into bytes.
  expect(puts.map((put) => put.body)).toEqual(['Blob', 'Blob', 'Blob']);
}

describe('part MD5s in Chromium', () => {
  let demo: DemoServer;
  let strict: DemoServer;

  beforeAll(async () => {
    // The same build, served once as is and once under a CSP that forbids every worker.
    [demo, strict] = await Promise.all([
      startDemo(),
      startDemo(new Map(), { 'Content-Security-Policy': "worker-src 'none'" }),
    ]);
  });

  afterAll(async () => {
    await Promise.allSettled([demo?.close(), strict?.close()]);
  });

  it('are computed in the module Worker Vite emitted, started only once the page uploads', async () => {
    const page = await browser.context.newPage();
    try {
      const { pageErrors } = await openDemo(page, demo.url);
      // A page that has not uploaded has not loaded the worker.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect((await startedWorkers(page)).workers).toEqual([]);

      await uploadAndCheck(page, demo);

      const { workers, violations } = await startedWorkers(page);
      expect(workers).toHaveLength(1);
      // Vite's build emitted the worker as an asset of its own and rewrote its URL.
      expect(new URL(workers[0]!.url, demo.url).pathname).toMatch(
        /^\/assets\/md5\.worker-[\w-]+\.js$/,
      );
      // It answered for every part: none was hashed on the main thread.
      expect(workers[0]).toMatchObject({ answers: 3, errors: 0 });
      expect(violations).toEqual([]);
      expect(pageErrors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('are computed on the main thread, and still right, where a CSP forbids the worker', async () => {
    const page = await browser.context.newPage();
    try {
      const { pageErrors } = await openDemo(page, strict.url);

      await uploadAndCheck(page, strict);

      const { workers, violations } = await startedWorkers(page);
      // The worker was tried, refused (Chromium reports it as an error event), never answered.
      expect(violations).toContain('worker-src');
      expect(workers).toEqual([expect.objectContaining({ answers: 0, errors: 1 })]);
      expect(pageErrors).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
