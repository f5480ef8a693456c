import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.shared.js';

const { version } = JSON.parse(readFileSync('./package.json', 'utf8')) as { version: string };
// Stamped at build time so `Filestack-Source` names the release that sent the request.
const define = { __FS_VERSION__: JSON.stringify(version) };
const declarations = packageBuild({ define }).dts;

// ky ships ESM only, so the formats differ: the CJS build carries its own copy of ky and
// `require` works on every Node 20. The declarations of both come from a third, types-only pass.
export default defineConfig([
  packageBuild({ define, format: 'esm', dts: false }),
  packageBuild({ define, format: 'cjs', noExternal: ['ky'], dts: false, clean: false }),
  ...(declarations ? [packageBuild({ define, dts: { only: true }, clean: false })] : []),
]);
