import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleBrowserEntries, publicPackages } from './support/browser-entries.js';
import { type Chromium, launchChromium } from './support/chromium.js';
import { type DemoServer, startDemo } from './support/demo-server.js';

const packages = publicPackages();
const modulePath = (name: string) => `/__entries/${name.replace('@fs/', '')}.js`;

/** What a badly behaved package does at import: the harness must see all of it. */
const LEAKY_MODULE = `
globalThis.leakedGlobal = 1;
window.fetch = window.fetch.bind(window);
fetch('/telemetry').catch(() => {});
console.error('noise at import');
export const x = 1;
`;

/**
 * Runs in the page. Kept as source text: the test runner rewrites `import()` in test code,
 * and the page must see a real dynamic import.
 */
const IMPORT_IN_PAGE = `async (url) => {
  const snapshot = () =>
    new Map(
      Reflect.ownKeys(globalThis).map((key) => {
        const d = Object.getOwnPropertyDescriptor(globalThis, key);
        return [key, [d.value, d.get, d.set]];
      }),
    );
  const before = snapshot();
  try {
    const module = await import(url);
    // Let anything scheduled at import (timers, microtasks, requests) happen.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const after = snapshot();
    return {
      exports: Object.keys(module),
      added: [...after.keys()].filter((key) => !before.has(key)).map(String),
      changed: [...after]
        .filter(([key, now]) => before.has(key) && before.get(key).some((v, i) => !Object.is(v, now[i])))
        .map(([key]) => String(key)),
    };
  } catch (error) {
    return { exports: [], added: [], changed: [], error: String(error) };
  }
}`;

interface ImportReport {
  exports: string[];
  added: string[];
  changed: string[];
  error?: string;
}

let browser: Chromium;
let demo: DemoServer;

beforeAll(async () => {
  const modules = new Map<string, string>([['/__entries/leaky.js', LEAKY_MODULE]]);
  for (const [name, code] of await bundleBrowserEntries(packages))
    modules.set(modulePath(name), code);
  [browser, demo] = await Promise.all([launchChromium(), startDemo(modules)]);
});

afterAll(async () => {
  await Promise.allSettled([browser?.close(), demo?.close()]);
});

/**
 * Opens the demo page fresh, then imports `path` in it; reports the module's exports, globals
 * it added or replaced, requests made during the import, console errors and page errors.
 */
async function importInPage(path: string) {
  const page: Page = await browser.context.newPage();
  try {
    const consoleErrors: string[] = [];
    const pageErrors: string[] = [];
    const requests: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(demo.url);
    await page.waitForSelector('#status[data-state="ready"]');
    page.on('request', (request) => requests.push(new URL(request.url()).pathname));
    const report = (await page.evaluate(
      `(${IMPORT_IN_PAGE})(${JSON.stringify(path)})`,
    )) as ImportReport;
    return { ...report, requests, consoleErrors, pageErrors };
  } finally {
    await page.close();
  }
}

describe('browser entries in the demo page', () => {
  it('finds the public packages', () => {
    const names = packages.map((p) => p.name);
    for (const name of [
      '@fs/core',
      '@fs/security',
      '@fs/transform',
      '@fs/upload',
      '@fs/webhooks',
    ]) {
      expect(names).toContain(name);
    }
  });

  it('sees what a badly behaved module does at import (the check can fail)', async () => {
    const report = await importInPage('/__entries/leaky.js');
    expect(report.added).toContain('leakedGlobal');
    expect(report.changed).toContain('fetch');
    expect(report.requests).toContain('/telemetry');
    expect(report.consoleErrors).toContain('noise at import');
  });

  it.each(packages.map((p) => p.name))(
    '%s imports with no error, no request and no new or replaced global',
    async (name) => {
      const report = await importInPage(modulePath(name));
      expect(report.error).toBeUndefined();
      expect(report.exports.length).toBeGreaterThan(0);
      expect(report.pageErrors).toEqual([]);
      expect(report.consoleErrors).toEqual([]);
      expect(report.added).toEqual([]);
      expect(report.changed).toEqual([]);
      expect(report.requests).toEqual([modulePath(name)]);
    },
  );
});
