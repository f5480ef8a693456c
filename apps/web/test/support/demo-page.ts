import type { Page } from 'playwright-core';

/** One request the page started, by its own clock (ms since the epoch). */
export interface StartedRequest {
  at: number;
  method: string;
  url: string;
  /** For XMLHttpRequest: what `send()` was given (`Blob`, `Uint8Array`, ...), if anything. */
  body?: string;
  /** For XMLHttpRequest: the `Content-MD5` header it was given, if any. */
  md5?: string;
}

/** A Worker the page started, and what it did. */
export interface StartedWorker {
  url: string;
  /** Messages the page received from it. */
  answers: number;
  /** `error` events it fired (its script could not be fetched or run, or it threw). */
  errors: number;
}

declare global {
  interface Window {
    /** Test instrumentation: every `value` the progress bar had, oldest first. */
    __progressBefore?: string[];
    /** Test instrumentation: every fetch and XMLHttpRequest the page started. */
    __started?: StartedRequest[];
    /** Test instrumentation: when the cancel button was clicked (before the page's handler). */
    __cancelledAt?: number;
    /** Test instrumentation: every Worker the page constructed. */
    __workers?: StartedWorker[];
    /** Test instrumentation: the directive of every Content-Security-Policy violation. */
    __violations?: string[];
  }
}

/**
 * Opens the demo, waits until it has its emulator settings, and starts recording: progress
 * bar values, requests the page starts (fetch and XHR, as `send()` is called), the Workers it
 * starts, CSP violations and the moment of a click on Cancel.
 */
export async function openDemo(page: Page, url: string): Promise<{ pageErrors: string[] }> {
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.addInitScript(() => {
    const started: StartedRequest[] = [];
    window.__started = started;
    const fetch = window.fetch;
    window.fetch = (input, init) => {
      const request = new Request(input, init);
      started.push({ at: Date.now(), method: request.method, url: request.url });
      return fetch(input, init);
    };
    const { open, send, setRequestHeader } = XMLHttpRequest.prototype;
    const targets = new WeakMap<XMLHttpRequest, { method: string; url: string }>();
    const md5s = new WeakMap<XMLHttpRequest, string>();
    XMLHttpRequest.prototype.open = function (this: XMLHttpRequest, ...args: unknown[]) {
      targets.set(this, { method: String(args[0]), url: String(args[1]) });
      return (open as (...a: unknown[]) => void).apply(this, args);
    };
    XMLHttpRequest.prototype.setRequestHeader = function (this, name, value) {
      if (name.toLowerCase() === 'content-md5') md5s.set(this, value);
      return setRequestHeader.call(this, name, value);
    };
    XMLHttpRequest.prototype.send = function (this: XMLHttpRequest, body) {
      const kind = body == null ? undefined : Object.prototype.toString.call(body).slice(8, -1);
      const md5 = md5s.get(this);
      started.push({
        at: Date.now(),
        ...targets.get(this)!,
        ...(kind ? { body: kind } : {}),
        ...(md5 ? { md5 } : {}),
      });
      return send.call(this, body);
    };
    const workers: StartedWorker[] = [];
    window.__workers = workers;
    const PageWorker = window.Worker;
    window.Worker = class extends PageWorker {
      constructor(url: string | URL, options?: WorkerOptions) {
        // Recorded first: a constructor that throws (a CSP may make it) still counts.
        const record = { url: String(url), answers: 0, errors: 0 };
        workers.push(record);
        super(url, options);
        this.addEventListener('message', () => record.answers++);
        this.addEventListener('error', () => record.errors++);
      }
    };
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (event) =>
      window.__violations!.push(event.effectiveDirective),
    );
    // Capture phase: runs before the page's own click handler aborts the upload.
    document.addEventListener(
      'click',
      (event) => {
        if ((event.target as Element | null)?.id === 'cancel') window.__cancelledAt = Date.now();
      },
      true,
    );
  });
  await page.goto(url);
  await pageReady(page);
  return { pageErrors };
}

/**
 * Waits until the page (opened by `openDemo`, or reloaded since) has its emulator settings,
 * then starts recording the progress bar's values.
 */
export async function pageReady(page: Page): Promise<void> {
  await page.waitForSelector('#status[data-state="ready"]');
  // <progress>.value reflects to the `value` attribute: each change is a mutation record that
  // keeps the value before it, so none is missed however fast they come.
  await page.evaluate(() => {
    const bar = document.getElementById('progress')!;
    window.__progressBefore = [];
    new MutationObserver((records) => {
      for (const record of records) window.__progressBefore!.push(record.oldValue ?? '');
    }).observe(bar, { attributes: true, attributeFilter: ['value'], attributeOldValue: true });
  });
}

/**
 * Every value the progress bar took since `openDemo` or the last `pageReady` (after the initial
 * one), in order.
 */
export function progressValues(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const before = window.__progressBefore ?? [];
    const now = document.getElementById('progress')!.getAttribute('value') ?? '';
    return [...before.slice(1), now].map(Number);
  });
}

/** The requests the page started, and when Cancel was clicked (page clock). */
export function startedRequests(
  page: Page,
): Promise<{ started: StartedRequest[]; cancelledAt: number | undefined }> {
  return page.evaluate(() => ({
    started: window.__started ?? [],
    cancelledAt: window.__cancelledAt,
  }));
}

/** Waits until the upload started by choosing a file has ended; returns the page's state. */
export async function uploadEnded(
  page: Page,
  timeout = 90_000,
): Promise<{ state: string; text: string }> {
  await page.waitForSelector('#status[data-state="uploading"]', { timeout: 10_000 });
  const status = await page.waitForSelector('#status:not([data-state="uploading"])', { timeout });
  return {
    state: (await status.getAttribute('data-state')) ?? '',
    text: (await status.textContent()) ?? '',
  };
}

/** The decoded image's natural size; rejects if the image cannot be loaded or decoded. */
export function naturalSize(
  page: Page,
  id: string,
): Promise<{ width: number; height: number; src: string }> {
  return page.evaluate(async (imageId) => {
    const image = document.getElementById(imageId) as HTMLImageElement;
    await image.decode();
    return { width: image.naturalWidth, height: image.naturalHeight, src: image.currentSrc };
  }, id);
}

/** The Workers the page started and the CSP directives it violated, so far. */
export function startedWorkers(
  page: Page,
): Promise<{ workers: StartedWorker[]; violations: string[] }> {
  return page.evaluate(() => ({
    workers: window.__workers ?? [],
    violations: window.__violations ?? [],
  }));
}
