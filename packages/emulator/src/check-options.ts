import { publicOrigin } from './http/public-origin.js';
import { originProblem } from './security/browser-origins.js';
import type { EmulatorOptions } from './types.js';

/** Checks the options of `startEmulator`, throwing a TypeError that names the bad one. */
export function checkOptions(options: EmulatorOptions): void {
  const { port, apikey, secret, partUrlTtl, seed } = options;
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65_535)) {
    throw new TypeError(`port: got ${String(port)}; expected an integer from 0 to 65535`);
  }
  if (apikey !== undefined && (typeof apikey !== 'string' || !/^[A-Za-z0-9]+$/.test(apikey))) {
    throw new TypeError('apikey: expected a non-empty alphanumeric string');
  }
  if (secret !== undefined && (typeof secret !== 'string' || secret === '')) {
    throw new TypeError('secret: expected a non-empty string');
  }
  for (const [name, ttl] of [
    ['partUrlTtl', partUrlTtl],
    ['uploadTtl', options.uploadTtl],
  ] as const) {
    if (ttl !== undefined && (typeof ttl !== 'number' || !Number.isFinite(ttl) || ttl <= 0)) {
      throw new TypeError(`${name}: got ${String(ttl)}; expected milliseconds > 0`);
    }
  }
  if (options.publicUrl !== undefined) publicOrigin(options.publicUrl);
  if (seed !== undefined && !Number.isFinite(seed)) {
    throw new TypeError(`seed: got ${String(seed)}; expected a number`);
  }
  checkExternalFetch(options.externalFetch);
  checkBrowserAccess(options);
}

function checkBrowserAccess({ cors, allowedHosts }: EmulatorOptions): void {
  if (cors !== undefined && cors !== '*') {
    if (!Array.isArray(cors)) throw new TypeError("cors: expected an array of origins or '*'");
    for (const origin of cors as unknown[]) {
      const problem = typeof origin === 'string' ? originProblem(origin) : 'not a string';
      if (problem) {
        throw new TypeError(
          `cors: ${JSON.stringify(origin)} is ${problem}; expected origins such as https://app.example.com`,
        );
      }
    }
  }
  if (allowedHosts !== undefined && allowedHosts !== '*') {
    const names = Array.isArray(allowedHosts) ? (allowedHosts as unknown[]) : undefined;
    const bad = names?.find((name) => typeof name !== 'string' || !/^\.?[^\s/:@]+$/.test(name));
    if (!names || bad !== undefined) {
      throw new TypeError(
        `allowedHosts: got ${JSON.stringify(bad ?? allowedHosts)}; expected host names (no port), or '*'`,
      );
    }
  }
}

function checkExternalFetch(limits: EmulatorOptions['externalFetch']): void {
  if (limits === undefined) return;
  const { timeout, maxSize, maxRedirects } = limits;
  if (timeout !== undefined && (!Number.isFinite(timeout) || timeout <= 0)) {
    throw new TypeError(`externalFetch.timeout: got ${String(timeout)}; expected milliseconds > 0`);
  }
  if (maxSize !== undefined && (!Number.isSafeInteger(maxSize) || maxSize < 1)) {
    throw new TypeError(`externalFetch.maxSize: got ${String(maxSize)}; expected bytes >= 1`);
  }
  if (maxRedirects !== undefined && (!Number.isInteger(maxRedirects) || maxRedirects < 0)) {
    throw new TypeError(
      `externalFetch.maxRedirects: got ${String(maxRedirects)}; expected an integer >= 0`,
    );
  }
}
