import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.shared.js';

const { version } = JSON.parse(readFileSync('./package.json', 'utf8')) as { version: string };
// Stamped at build time: `filestack --version` names the release.
const define = { __CLI_VERSION__: JSON.stringify(version) };
// Optional (it brings sharp), imported only by the commands that need it.
const external = ['@fs/emulator'];
const declarations = packageBuild({ define }).dts;

export default defineConfig([
  // index.ts: `run()` for programs; cli.ts: the `filestack` binary (ESM only, it runs as is).
  packageBuild({
    define,
    external,
    entry: ['src/index.ts', 'src/cli.ts'],
    format: 'esm',
    dts: false,
    removeNodeProtocol: false,
  }),
  // yocto-spinner ships ESM only, so the CJS build carries its own copy and `require` works on
  // every Node 20.
  packageBuild({
    define,
    external,
    format: 'cjs',
    noExternal: ['yocto-spinner', 'yoctocolors'],
    dts: false,
    clean: false,
    removeNodeProtocol: false,
  }),
  ...(declarations
    ? [packageBuild({ define, dts: { only: true }, clean: false, removeNodeProtocol: false })]
    : []),
]);
