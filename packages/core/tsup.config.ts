import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.shared.js';

const { version } = JSON.parse(readFileSync('./package.json', 'utf8')) as { version: string };
// Stamped at build time so `Filestack-Source` names the release that sent the request.
const define = { __FS_VERSION__: JSON.stringify(version) };
// default-fetch.ts / default-fetch.node.ts: what `#default-fetch` resolves to through the
// `imports` map of package.json (`node` condition or not), kept external so that each runtime
// picks its own.
const entry = ['src/index.ts', 'src/default-fetch.ts', 'src/default-fetch.node.ts'];
const external = ['#default-fetch'];
const declarations = packageBuild({ define }).dts;

// ky ships ESM only, so the formats differ: the CJS build carries its own copy of ky and
// `require` works on every Node 20. The declarations of both come from a third, types-only pass.
export default defineConfig([
  packageBuild({ define, entry, external, format: 'esm', dts: false }),
  packageBuild({
    define,
    entry,
    external,
    format: 'cjs',
    // Shared modules (the error classes among them) in one chunk, as in the ESM build: a
    // ValidationError thrown by default-fetch.node.cjs is the class index.cjs exports.
    splitting: true,
    noExternal: ['ky'],
    dts: false,
    clean: false,
  }),
  ...(declarations ? [packageBuild({ define, dts: { only: true }, clean: false })] : []),
]);
