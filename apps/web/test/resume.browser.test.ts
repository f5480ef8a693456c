import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Chromium, launchChromium } from './support/chromium.js';
import { openDemo, pageReady, progressValues, uploadEnded } from './support/demo-page.js';
import { type DemoServer, startDemo } from './support/demo-server.js';

const MiB = 1024 * 1024;
const PART = 8 * MiB; // @fs/upload's default part size
const PARTS = 5;
const bytes = randomBytes(PARTS * PART); // 40 MiB
/** Part PUTs the emulator answers at once; every later one it holds, so the upload stays open. */
const STORED_BEFORE_RELOAD = 2;

let browser: Chromium;
let demo: DemoServer;
let files: string;
let file: string;

beforeAll(async () => {
  files = mkdtempSync(join(tmpdir(), 'fs-web-resume-'));
  file = join(files, 'resumable.bin');
  writeFileSync(file, bytes);
  [browser, demo] = await Promise.all([launchChromium(), startDemo()]);
});

afterAll(async () => {
  await Promise.allSettled([browser?.close(), demo?.close()]);
  rmSync(files, { recursive: true, force: true });
});

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

/**
 * The part numbers of every upload state the page saved, as `indexedDbResumeStore` keeps them
 * (database `fs-upload`, object store `states`). Never creates the database: an open that
 * would have to create it is aborted.
 */
function savedParts(page: Page): Promise<number[][]> {
  return page.evaluate(
    () =>
      new Promise<number[][]>((resolve, reject) => {
        const request = indexedDB.open('fs-upload');
        request.onupgradeneeded = () => request.transaction!.abort();
        request.onerror = () => resolve([]);
        request.onsuccess = () => {
          const db = request.result;
          const all = db.transaction('states').objectStore('states').getAll();
          all.onerror = () => reject(all.error);
          all.onsuccess = () => {
            db.close();
            const states = all.result as Array<{ parts: Record<string, unknown> }>;
            resolve(states.map((state) => Object.keys(state.parts).map(Number).sort()));
          };
        };
      }),
  );
}

describe('resumable uploads in Chromium', () => {
  it('carry on after a reload: the same file chosen again sends only the parts not stored', async () => {
    // The first two part PUTs are stored; the emulator holds every later one of the first page
    // (PUTs 3 to 5: the rest of the file) far longer than the test waits, so the reload surely
    // comes mid-upload. The resumed page's PUTs (6 onwards) go through.
    demo.emulator.faults.add({ route: 'put', kind: 'stall', ms: 120_000, nth: [3, 4, 5] });
    const page = await browser.context.newPage();
    try {
      const { pageErrors } = await openDemo(page, demo.url);
      await page.setInputFiles('#file', file);
      await page.waitForSelector('#status[data-state="uploading"]');

      // Reload once the page has saved the stored parts (read from IndexedDB) and every part's
      // PUT has reached the emulator (so the held ones are all of the first page's).
      const putsSent = () => demo.emulator.stats().requests.filter((r) => r.route === 'put');
      await expect
        .poll(async () => [(await savedParts(page)).flat().length, putsSent().length], {
          timeout: 60_000,
        })
        .toEqual([STORED_BEFORE_RELOAD, PARTS]);
      const [saved] = await savedParts(page);
      const before = demo.emulator.stats().requests;
      const firstPuts = before.filter((r) => r.route === 'put');
      expect(
        firstPuts
          .filter((r) => r.status === 200)
          .map((r) => r.part)
          .sort(),
      ).toEqual(saved);
      await page.reload();
      await pageReady(page);
      // A new page: nothing of the first upload is shown.
      expect(await page.getAttribute('#status', 'data-state')).toBe('ready');
      expect(await page.textContent('#percent')).toBe('0%');
      expect(await page.textContent('#resumed')).toBe('');

      await page.setInputFiles('#file', file);
      const end = await uploadEnded(page);
      expect(end, end.text).toMatchObject({ state: 'done' });

      // The page says it resumed, from the bytes of the saved parts.
      expect(await page.getAttribute('#resumed', 'data-status')).toBe('resumed');
      const resumedBytes = Number(await page.getAttribute('#resumed', 'data-resumed-bytes'));
      expect(resumedBytes).toBe(STORED_BEFORE_RELOAD * PART);
      expect(await page.textContent('#resumed')).toBe(
        `Resumed: ${resumedBytes} bytes were already stored`,
      );
      // Progress started where the first page stopped, not at 0.
      const progress = (await progressValues(page)).filter((value) => value > 0);
      expect(progress[0]).toBeGreaterThanOrEqual((100 * STORED_BEFORE_RELOAD) / PARTS);
      expect(progress.at(-1)).toBe(100);

      // The emulator received only the missing parts, in the upload the first page started.
      const after = demo.emulator.stats().requests.slice(before.length);
      const resumedPuts = after.filter((r) => r.route === 'put');
      expect(resumedPuts.length).toBeLessThan(PARTS);
      const missing = [1, 2, 3, 4, 5].filter((part) => !saved!.includes(part));
      expect(resumedPuts.map((r) => r.part).sort()).toEqual(missing);
      expect(resumedPuts.every((r) => r.status === 200)).toBe(true);
      expect(demo.emulator.stats().counts).toMatchObject({ start: 1, complete: 1 });

      // The stored file is the chosen one, byte for byte, and its saved state is gone.
      const url = (await page.textContent('#original-url')) ?? '';
      expect(url.startsWith(`${demo.emulator.url}/`)).toBe(true);
      const stored = new Uint8Array(await (await fetch(url)).arrayBuffer());
      expect(stored.length).toBe(bytes.length);
      expect(sha256(stored)).toBe(sha256(bytes));
      expect(await savedParts(page)).toEqual([]);
      expect(pageErrors).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
