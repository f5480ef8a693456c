/**
 * node snapshot-changeset.mjs: prints a changeset that bumps every public package of the
 * workspace in the current folder (a patch), so that `changeset version --snapshot` gives each
 * of them a snapshot version, changesets pending or not.
 */
import { readdirSync, readFileSync } from 'node:fs';

const names = readdirSync('packages')
  .map((dir) => JSON.parse(readFileSync(`packages/${dir}/package.json`, 'utf8')))
  .filter((manifest) => !manifest.private)
  .map((manifest) => `"${manifest.name}": patch`);
console.log(`---\n${names.join('\n')}\n---\n\nA snapshot for the local registry check.`);
