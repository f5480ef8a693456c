import { mkdtempSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gradientPng } from '@fs/test-kit';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Chromium, launchChromium } from './support/chromium.js';
import {
  naturalSize,
  openDemo,
  progressValues,
  startedRequests,
  uploadEnded,
} from './support/demo-page.js';
import { type DemoServer, startDemo } from './support/demo-server.js';

const MiB = 1024 * 1024;
// 2800 x 2500 RGB stored uncompressed: a 21 MB PNG (3 parts of 8 MiB).
const BIG_WIDTH = 2800;
const BIG_HEIGHT = 2500;
const TRANSFORMED_WIDTH = 400; // the demo's resize({ width: 400 })

let browser: Chromium;
let demo: DemoServer;
let files: string;
let bigPng: string;
let page: Page;

beforeAll(async () => {
  files = mkdtempSync(join(tmpdir(), 'fs-web-files-'));
  bigPng = join(files, 'big.png');
  writeFileSync(bigPng, gradientPng(BIG_WIDTH, BIG_HEIGHT, { level: 0 }));
  [browser, demo] = await Promise.all([launchChromium(), startDemo()]);
});

afterAll(async () => {
  await Promise.allSettled([browser?.close(), demo?.close()]);
  rmSync(files, { recursive: true, force: true });
});

beforeEach(async (context) => {
  demo.emulator.reset();
  page = await browser.context.newPage();
  context.onTestFinished(() => page.close());
});

describe('the demo page in Chromium', () => {
  it('uploads a 20 MB image with progress rising to 100, then shows it and its transformation', async () => {
    expect(statSync(bigPng).size).toBeGreaterThan(20 * 1000 * 1000);
    const { pageErrors } = await openDemo(page, demo.url);

    await page.setInputFiles('#file', bigPng);
    const end = await uploadEnded(page);
    expect(end, end.text).toMatchObject({ state: 'done' });

    const progress = await progressValues(page);
    // Steps before the end, never going back, 100 once and last.
    expect(progress.filter((value) => value > 0 && value < 100).length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < progress.length; i++)
      expect(progress[i]).toBeGreaterThanOrEqual(progress[i - 1]!);
    expect(progress.at(-1)).toBe(100);
    expect(progress.filter((value) => value === 100)).toHaveLength(1);
    expect(await page.textContent('#percent')).toBe('100%');

    const original = await naturalSize(page, 'original');
    expect(original).toMatchObject({ width: BIG_WIDTH, height: BIG_HEIGHT });
    expect(original.src.startsWith(`${demo.emulator.url}/`)).toBe(true);
    const transformed = await naturalSize(page, 'transformed');
    expect(transformed.width).toBe(TRANSFORMED_WIDTH);
    expect(transformed.src).toContain('/resize=width:400/rounded_corners=radius:40/');

    // The page is on another origin than the emulator: this all went through CORS.
    expect(new URL(demo.url).origin).not.toBe(new URL(demo.emulator.url).origin);
    const { counts } = demo.emulator.stats();
    expect(counts).toMatchObject({ start: 1, put: 3, complete: 1 });
    // Parts went out as slices of the File, which Chromium streams from it, not as bytes read
    // into the page.
    const { started } = await startedRequests(page);
    const puts = started.filter((request) => request.method === 'PUT');
    expect(puts.map((put) => put.body)).toEqual(['Blob', 'Blob', 'Blob']);
    expect(pageErrors).toEqual([]);
  });

  it('cancels mid-upload: nothing is sent after the click and the emulator hears no more', async () => {
    const bin = join(files, 'cancel.bin');
    writeFileSync(bin, '');
    truncateSync(bin, 40 * MiB); // 5 parts of 8 MiB, 4 at a time
    // The first part PUT goes through; the later ones are held 3 s before the emulator reads
    // them. Without the cancel the upload would go on when they are released.
    demo.emulator.faults.add({ route: 'put', kind: 'stall', ms: 3000, nth: [2, 3, 4, 5, 6, 7, 8] });
    const { pageErrors } = await openDemo(page, demo.url);

    await page.setInputFiles('#file', bin);
    // Mid-upload: a part stored and shown in the progress bar, another part on the wire.
    await expect
      .poll(
        async () => {
          const puts = demo.emulator.stats().requests.filter((r) => r.route === 'put');
          const progress = (await progressValues(page)).at(-1) ?? 0;
          return (
            progress > 0 && puts.some((r) => r.status === 200) && puts.some((r) => r.status === 0)
          );
        },
        { timeout: 60_000, interval: 20 },
      )
      .toBe(true);
    await page.click('#cancel');

    await page.waitForSelector('#status[data-state="cancelled"]', { timeout: 10_000 });
    expect(await page.isDisabled('#cancel')).toBe(true);
    expect(await page.isHidden('#figures')).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const settled = demo.emulator.stats().requests.length;
    // Longer than the stall: a client still uploading would have sent more by now.
    await new Promise((resolve) => setTimeout(resolve, 4_000));

    // The page started no request after the click (by its own clock: no race with the wire).
    const { started, cancelledAt } = await startedRequests(page);
    expect(cancelledAt).toBeDefined();
    expect(started.filter((request) => request.at > cancelledAt!)).toEqual([]);
    // The emulator heard nothing more: no request since the cancel settled, none it was not
    // sent before the click, no complete.
    const { counts, requests } = demo.emulator.stats();
    expect(requests).toHaveLength(settled);
    const toEmulator = started.filter((request) => request.url.startsWith(demo.emulator.url));
    expect(requests.length).toBeLessThanOrEqual(toEmulator.length);
    const stored = requests.filter((r) => r.route === 'put' && r.status === 200);
    expect(stored.length).toBeLessThan(5);
    expect(counts.complete ?? 0).toBe(0);
    expect(await progressValues(page)).not.toContain(100);
    expect(pageErrors).toEqual([]);
  });

  it('shows progress while a part is still on its way, not only once it is stored', async () => {
    const bin = join(files, 'one-part.bin');
    writeFileSync(bin, '');
    truncateSync(bin, 6 * MiB); // one part
    // The emulator holds the PUT 3 s before reading its body: meanwhile only what the sockets
    // buffer can leave, and the part is not stored until the hold ends.
    demo.emulator.faults.add({ route: 'put', kind: 'stall', ms: 3000, nth: [1] });
    const { pageErrors } = await openDemo(page, demo.url);

    await page.setInputFiles('#file', bin);
    // The bar moved before the PUT was answered: read the bar first, then see the PUT still open.
    await expect
      .poll(
        async () => {
          const shown = (await progressValues(page)).at(-1) ?? 0;
          const put = demo.emulator.stats().requests.find((r) => r.route === 'put');
          return put?.status === 0 && shown > 0 && shown < 100;
        },
        { timeout: 20_000, interval: 20 },
      )
      .toBe(true);

    const end = await uploadEnded(page);
    expect(end, end.text).toMatchObject({ state: 'done' });
    const progress = await progressValues(page);
    for (let i = 1; i < progress.length; i++)
      expect(progress[i]).toBeGreaterThanOrEqual(progress[i - 1]!);
    expect(progress.at(-1)).toBe(100);
    expect(demo.emulator.stats().counts).toMatchObject({ put: 1, complete: 1 });
    expect(pageErrors).toEqual([]);
  });

  it('uploads a file dropped on the drop zone', async () => {
    const png = gradientPng(640, 480).toString('base64');
    const { pageErrors } = await openDemo(page, demo.url);
    const dataTransfer = await page.evaluateHandle((base64) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], 'dropped.png', { type: 'image/png' }));
      return transfer;
    }, png);
    await page.dispatchEvent('#drop', 'dragover', { dataTransfer });
    expect(await page.getAttribute('#drop', 'class')).toContain('over');
    await page.dispatchEvent('#drop', 'drop', { dataTransfer });

    const end = await uploadEnded(page);
    expect(end, end.text).toMatchObject({ state: 'done' });
    expect(end.text).toContain('dropped.png');
    expect(await page.getAttribute('#drop', 'class')).not.toContain('over');
    expect(await naturalSize(page, 'original')).toMatchObject({ width: 640, height: 480 });
    expect(await naturalSize(page, 'transformed')).toMatchObject({ width: 400, height: 300 });
    expect(pageErrors).toEqual([]);
  });

  it('completes an upload while the emulator fails some part PUTs', async () => {
    // 1st and 3rd PUT answer 503; part 2's first attempt loses its connection mid-body.
    demo.emulator.faults.add({ route: 'put', kind: 'status', status: 503, nth: [1, 3] });
    demo.emulator.faults.add({ route: 'put', kind: 'reset', part: 2, times: 1 });
    const { pageErrors } = await openDemo(page, demo.url);

    await page.setInputFiles('#file', bigPng);
    const end = await uploadEnded(page);
    expect(end, end.text).toMatchObject({ state: 'done' });

    const puts = demo.emulator.stats().requests.filter((request) => request.route === 'put');
    expect(puts.filter((put) => put.fault === 'status').map((put) => put.status)).toEqual([
      503, 503,
    ]);
    expect(puts.filter((put) => put.fault === 'reset')).toHaveLength(1);
    expect(new Set(puts.filter((put) => put.status === 200).map((put) => put.part))).toEqual(
      new Set([1, 2, 3]),
    );
    const progress = await progressValues(page);
    for (let i = 1; i < progress.length; i++)
      expect(progress[i]).toBeGreaterThanOrEqual(progress[i - 1]!);
    expect(progress.at(-1)).toBe(100);
    expect(await naturalSize(page, 'original')).toMatchObject({ width: BIG_WIDTH });
    expect((await naturalSize(page, 'transformed')).width).toBe(TRANSFORMED_WIDTH);
    expect(pageErrors).toEqual([]);
  });
});
