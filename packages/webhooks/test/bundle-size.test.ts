import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

// The budget for browser/edge verification; bench/size.config.mjs holds the same entry.
const BUDGET_BYTES = 1536;

async function browserBundle(code: string) {
  const result = await build({
    stdin: { contents: code, resolveDir: new URL('.', import.meta.url).pathname, loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  const text = result.outputFiles[0]!.text;
  return { text, gzip: gzipSync(text, { level: 9 }).length };
}

describe('bundle size', () => {
  it(`verification for the browser fits in ${BUDGET_BYTES} bytes min+gzip`, async () => {
    const { text, gzip } = await browserBundle(
      "import { verifyWebhookSignature } from '../src/index.ts'; export const verify = verifyWebhookSignature;",
    );
    expect(gzip).toBeLessThanOrEqual(BUDGET_BYTES);
    // Tree-shaking works: the parser and the adapters are not in it.
    expect(text).not.toMatch(/maxBodyBytes|fp\.video_converse/);
  });
});
