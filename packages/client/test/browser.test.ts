import { fileURLToPath } from 'node:url';
import { rejection } from '@fs/test-kit';
import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../src/index.js';
import { runtime } from '../src/runtime.browser.js';

/*
 * The browser build: `#runtime` is the browser file there (the `imports` map of package.json;
 * tsconfig `paths` for the sources), which refuses file paths with a ValidationError, and no
 * `node:` module is reachable from the entry.
 */

const entry = fileURLToPath(new URL('../src/index.ts', import.meta.url));

/** Bundles `code` as a browser app would, from the sources, and returns what went in. */
async function bundle(code: string): Promise<{
  inputs: Metafile['inputs'];
  bytesFrom: (pkg: string) => number;
  text: string;
}> {
  const result = await build({
    stdin: {
      contents: code,
      resolveDir: fileURLToPath(new URL('.', import.meta.url)),
      loader: 'ts',
    },
    bundle: true,
    write: false,
    minify: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['browser', 'import'],
    metafile: true,
    logLevel: 'silent',
    tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)),
  });
  const [output] = Object.values(result.metafile.outputs);
  const bytesFrom = (pkg: string) =>
    Object.entries(output!.inputs)
      .filter(([file]) => file.includes(`/${pkg}/`))
      .reduce((sum, [, input]) => sum + input.bytesInOutput, 0);
  return { inputs: result.metafile.inputs, bytesFrom, text: result.outputFiles[0]!.text };
}

describe('the browser build', () => {
  it('reaches no node: module and takes the browser runtime', async () => {
    const { inputs } = await bundle(`export * from ${JSON.stringify(entry)};`);
    const files = Object.keys(inputs);
    expect(files.filter((file) => file.startsWith('node:'))).toEqual([]);
    expect(files.some((file) => file.endsWith('runtime.browser.ts'))).toBe(true);
    expect(files.some((file) => file.endsWith('runtime.node.ts'))).toBe(false);
    const imports = Object.values(inputs).flatMap((input) => input.imports.map((i) => i.path));
    expect(imports.filter((path) => path.startsWith('node:'))).toEqual([]);
  });

  it('leaves signing and webhook code out of a page that only uses Client', async () => {
    const client = await bundle(
      `import { Client } from ${JSON.stringify(entry)}; export const c = new Client('KEY');`,
    );
    expect(client.bytesFrom('security')).toBe(0);
    expect(client.bytesFrom('webhooks')).toBe(0);
    // They are there when a page uses them.
    const all = await bundle(
      `export { Client, Security, verifyWebhookSignature } from ${JSON.stringify(entry)};`,
    );
    expect(all.bytesFrom('security')).toBeGreaterThan(1000);
    expect(all.bytesFrom('webhooks')).toBeGreaterThan(500);
  });

  it('leaves the MIME type sniffer out of a page that does not import it', async () => {
    const plain = await bundle(
      `import { Client } from ${JSON.stringify(entry)}; export const c = new Client('KEY');`,
    );
    // The sniffer's own words: a box type and a type only it answers.
    const sniffer = /ftyp|heic-sequence/;
    expect(plain.text).not.toMatch(sniffer);
    const opted = await bundle(`export { Client, sniffMimetype } from ${JSON.stringify(entry)};`);
    expect(opted.text).toMatch(sniffer);
  });

  it('refuses file paths with a ValidationError that says what to use instead', async () => {
    const open = await rejection(runtime.openFile('photo.jpg', 'filepath'), ValidationError);
    expect(open.option).toBe('filepath');
    expect(open.message).toMatch(/Node\.js/);
    const write = await rejection(
      runtime.download({} as never, 'aBcDeFgHiJkLmNoPqRsT', [], '/tmp/x', {}),
      ValidationError,
    );
    expect(write.message).toMatch(/getContent\(\)/);
  });
});
