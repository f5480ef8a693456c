/**
 * A Vitest reporter for `.ci/run`: writes one JSON file per Vitest run into $FS_CI_REPORTS,
 * with the package, the Node version that ran it and each test file's state. `.ci/suites.mjs`
 * reads them back: a package with no file from this run was not run (a replay from turbo's
 * cache, or a crash), and the summary line counts suites from these files, not from output.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

export default class SuiteReporter {
  onInit(vitest) {
    this.root = vitest.config.root;
  }

  onTestRunEnd(testModules, unhandledErrors) {
    const dir = process.env.FS_CI_REPORTS;
    if (!dir) return;
    const { name } = JSON.parse(readFileSync(join(this.root, 'package.json'), 'utf8'));
    mkdirSync(dir, { recursive: true });
    const report = {
      package: name,
      node: process.version,
      files: testModules.map((module) => ({
        file: relative(this.root, module.moduleId),
        state: module.state(),
      })),
      unhandledErrors: unhandledErrors.length,
    };
    writeFileSync(join(dir, `${name.replace(/[@/]/g, '_')}.json`), JSON.stringify(report, null, 1));
  }
}
