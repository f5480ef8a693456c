import { createRequire } from 'node:module';
import * as esm from '@fs/core';
import { useEmulator } from '@fs/emulator/testing';
import { describe, expect, it } from 'vitest';

// The ESM and the CJS build of @fs/core, both loaded in this process, as happens when an app
// imports the SDK while a CJS dependency requires it: two copies of every error class.
const cjs = createRequire(import.meta.url)('@fs/core') as typeof esm;

const emu = useEmulator();

/** A real 404 from the emulator's file API, through the given copy's HTTP layer. */
async function notFound(copy: typeof esm): Promise<unknown> {
  try {
    await copy.createHttp({ retry: 0 }).request({ url: `${emu.urls.cdn}/AAAAAAAAAAAAAAAAAAAA` });
  } catch (error) {
    return error;
  }
  throw new Error('expected the request to fail');
}

describe('errors across the ESM and CJS builds of @fs/core', () => {
  it('are two different classes, so instanceof fails across them', async () => {
    expect(cjs.HttpError).not.toBe(esm.HttpError);
    expect(await notFound(cjs)).not.toBeInstanceOf(esm.HttpError);
  });

  it('are recognised by isInstance of either build', async () => {
    const fromCjs = await notFound(cjs);
    const fromEsm = await notFound(esm);
    for (const error of [fromCjs, fromEsm]) {
      for (const copy of [esm, cjs]) {
        expect(copy.HttpError.isInstance(error)).toBe(true);
        expect(copy.FilestackError.isInstance(error)).toBe(true);
        expect(copy.TimeoutError.isInstance(error)).toBe(false);
      }
    }
    expect(esm.ValidationError.isInstance(catchSync(() => cjs.assertHandle('nope')))).toBe(true);
  });
});

function catchSync(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}
