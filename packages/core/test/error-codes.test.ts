import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { KnownErrorCode } from '../src/index.js';

// Every member of the union, once: the type checker fails this file when the union gains or
// loses a code that is not mirrored here.
const LISTED: Record<KnownErrorCode, true> = {
  HTTP: true,
  VALIDATION: true,
  ABORTED: true,
  TIMEOUT: true,
  NETWORK: true,
  PROTOCOL: true,
  SECURITY: true,
  UNKNOWN: true,
  INPUT: true,
  UNSUPPORTED: true,
  CHUNK_FAILED: true,
  NO_PROGRESS: true,
  CLOCK_SKEW: true,
  MISSING_ETAG: true,
  SWITCH: true,
  CONVERSION_FAILED: true,
  CONVERSION_NOT_READY: true,
  OUTPUT: true,
  WEBHOOK_VERIFICATION: true,
  RESUME_LOCKED: true,
};

const packagesDir = fileURLToPath(new URL('../../', import.meta.url));

/** The `.ts` files under `dir`, at any depth. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sources(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

/**
 * Every code the SDK's sources give an error: `code: 'NAME'`, or `code: flag ? 'A' : 'B'`, as
 * the options of a FilestackError write it.
 */
function codesThrown(): Map<string, string> {
  const found = new Map<string, string>();
  // The emulator imports no SDK package: its errors are its own.
  const packages = readdirSync(packagesDir).filter((name) => name !== 'emulator');
  for (const name of packages) {
    let files: string[];
    try {
      files = sources(join(packagesDir, name, 'src'));
    } catch {
      continue;
    }
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const [, code] of text.matchAll(/\bcode: '([A-Z][A-Z_]+)'/g)) found.set(code!, file);
      for (const [, a, b] of text.matchAll(/\bcode: \w+ \? '([A-Z][A-Z_]+)' : '([A-Z][A-Z_]+)'/g)) {
        found.set(a!, file).set(b!, file);
      }
    }
  }
  return found;
}

describe('ErrorCode', () => {
  const thrown = codesThrown();

  it('lists every code the packages throw', () => {
    const missing = [...thrown].filter(([code]) => !(code in LISTED));
    expect(missing).toEqual([]);
  });

  it('lists no code that nothing throws', () => {
    expect(Object.keys(LISTED).filter((code) => !thrown.has(code))).toEqual([]);
  });

  it('is found in the sources of every package that throws one', () => {
    // A guard on the scan itself: it must see codes of core, upload, av, webhooks and client.
    const where = new Set(
      [...thrown.values()].map((file) => file.split(/[\\/]packages[\\/]/)[1]!.split(/[\\/]/)[0]),
    );
    expect([...where].sort()).toEqual(
      expect.arrayContaining(['av', 'client', 'core', 'upload', 'webhooks']),
    );
  });
});
