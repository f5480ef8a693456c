import type { Emulator } from '@fs/emulator';
import { sha256Hex } from '@fs/test-kit';
import { expect } from 'vitest';
import type { UploadManyOptions } from '../src/index.node.js';

export type { Emulator };

/** Part size used by the integration tests: small, so several parts stay fast. */
export const PART = 64 * 1024;

/** Upload options pointing at `emu`, with quick retries so fault tests stay fast. */
export function optionsFor(
  emu: Emulator,
  extra: Partial<UploadManyOptions> = {},
): UploadManyOptions {
  return {
    apikey: emu.apikey,
    urls: emu.urls,
    partSize: PART,
    retry: { baseDelay: 5, maxDelay: 40, jitter: 0 },
    ...extra,
  };
}

/** The stored bytes, read back from the emulator's CDN route. */
export async function cdnBytes(emu: Emulator, handle: string): Promise<Uint8Array> {
  const response = await fetch(`${emu.urls.cdn}/${handle}`);
  if (!response.ok) throw new Error(`CDN answered ${response.status} for ${handle}`);
  return new Uint8Array(await response.arrayBuffer());
}

/** Asserts that `emu` stores exactly `bytes` under `handle` (compared by SHA-256). */
export async function expectStored(emu: Emulator, handle: string, bytes: Uint8Array) {
  expect(sha256Hex(await cdnBytes(emu, handle))).toBe(sha256Hex(bytes));
}

/** Requests the emulator logged for `route`, in arrival order. */
export function logOf(emu: Emulator, route: string) {
  return emu.stats().requests.filter((request) => request.route === route);
}
