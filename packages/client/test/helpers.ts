import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Emulator } from '@fs/emulator';

/** One request the client's `fetch` carried, with the status and headers of its answer. */
export interface Exchange {
  method: string;
  url: string;
  status: number;
  headers: Headers;
}

/**
 * The real fetch, recording each request and its answer: how a test sees what the client sent
 * and headers the client does not surface (the emulator's `X-Fs-Emulator-Unapplied`).
 */
export function recordingFetch(): { fetch: typeof fetch; exchanges: Exchange[] } {
  const exchanges: Exchange[] = [];
  const recording: typeof fetch = async (input, init) => {
    // Read, not rebuilt: a new Request would consume the body of the one passed in.
    const request = input instanceof Request ? input : undefined;
    const response = await fetch(input, init);
    exchanges.push({
      method: (init?.method ?? request?.method ?? 'GET').toUpperCase(),
      url: request?.url ?? String(input),
      status: response.status,
      headers: response.headers,
    });
    return response;
  };
  return { fetch: recording, exchanges };
}

/**
 * The emulator's own record of a stored file (`<dataDir>/files/<handle>.json`): the only place
 * it keeps store options it never answers, such as `region` and `access`.
 */
export async function storedRecord(
  emu: Emulator,
  handle: string,
): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(join(emu.dataDir, 'files', `${handle}.json`), 'utf8'));
}
