import { webcrypto } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { VECTORS } from './vectors.js';

const entry = fileURLToPath(new URL('../src/index.ts', import.meta.url));
let browserBundle = '';
let importedPaths: string[] = [];

/**
 * Builds the package as a browser bundler would (browser conditions, no Node built-ins) and
 * runs it in a bare V8 context that has only what every runtime has: no `require`, no
 * `process`, no `Buffer`, and `crypto` only where a test gives it.
 */
beforeAll(async () => {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'iife',
    globalName: 'fsSecurity',
    platform: 'browser',
    conditions: ['browser', 'import'],
    metafile: true,
    logLevel: 'silent',
  });
  browserBundle = result.outputFiles[0]!.text;
  importedPaths = Object.values(result.metafile.inputs).flatMap((input) =>
    input.imports.map((i) => i.path),
  );
});

interface Exports {
  Security: new (
    policy: object,
    secret: string,
  ) => { policyB64: string; signature: string; asUrlString(): string };
  signPolicy(policy: object, secret: string): Promise<{ policy: string; signature: string }>;
}

function load(globals: Record<string, unknown>): Exports {
  const context: Record<string, unknown> = { TextEncoder, TextDecoder, btoa, atob, ...globals };
  runInNewContext(`${browserBundle}; globalThis.fsSecurity = fsSecurity;`, context);
  return context.fsSecurity as Exports;
}

describe('in a browser or edge runtime', () => {
  it('bundles without any Node built-in', () => {
    expect(importedPaths.filter((path) => path.startsWith('node:'))).toEqual([]);
    expect(browserBundle).not.toMatch(/\brequire\(/);
  });

  it('signs synchronously without node:crypto or WebCrypto', () => {
    const { Security } = load({});
    for (const vector of VECTORS) {
      const security = new Security(vector.policy, vector.secret);
      expect(security.policyB64).toBe(vector.policyB64);
      expect(security.signature).toBe(vector.signature);
    }
  });

  it('signs with WebCrypto where there is one', async () => {
    const { signPolicy } = load({ crypto: webcrypto });
    const [vector] = VECTORS;
    await expect(signPolicy(vector!.policy, vector!.secret)).resolves.toEqual({
      policy: vector!.policyB64,
      signature: vector!.signature,
    });
  });

  it('says what is missing when signPolicy runs without WebCrypto', async () => {
    const { signPolicy } = load({});
    await expect(signPolicy({ expiry: 1 }, 'secret')).rejects.toMatchObject({
      code: 'UNSUPPORTED',
      message: expect.stringContaining('use new Security(policy, secret) instead'),
    });
  });
});
