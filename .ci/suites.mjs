/**
 * The suite bookkeeping of `.ci/run`, from the files its runs write (never from their output):
 *
 *   node .ci/suites.mjs check <dir> <node-version>
 *     After `pnpm test` under one Node: every package turbo planned a Vitest run for
 *     (<dir>/plan.json, from `turbo run test --dry=json`) left a report in <dir>
 *     (.ci/suite-reporter.mjs) written by that Node. A package without one was replayed from
 *     turbo's cache or crashed; either fails the check.
 *   node .ci/suites.mjs summary <reports-root>
 *     One line over every suite (test file) of every run under <reports-root>: the Vitest
 *     reports of each Node run and of the browser suite, and the edge runner's report
 *     (edge.json), whose suites are counted once per runtime. A planned package with no
 *     report, a runtime that could not start and a run with unhandled errors count as one
 *     failed suite each.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));

/** The packages turbo runs `test` for, from a saved dry run (tasks with no script left out). */
function plannedPackages(dir) {
  const plan = join(dir, 'plan.json');
  if (!existsSync(plan)) return [];
  return readJson(plan)
    .tasks.filter((task) => task.task === 'test' && task.command !== '<NONEXISTENT>')
    .map((task) => task.package);
}

/** The Vitest reports in a folder, by package. */
function vitestReports(dir) {
  const reports = new Map();
  for (const name of readdirSync(dir)) {
    if (!name.endsWith('.json') || name === 'plan.json' || name === 'edge.json') continue;
    const report = readJson(join(dir, name));
    reports.set(report.package, report);
  }
  return reports;
}

function check(dir, nodeVersion) {
  const planned = plannedPackages(dir);
  if (planned.length === 0) throw new Error(`${dir}: no test task in turbo's plan`);
  const reports = vitestReports(dir);
  const problems = [];
  for (const pkg of planned) {
    const report = reports.get(pkg);
    if (!report) problems.push(`${pkg}: no Vitest report from this run (replayed from cache?)`);
    else if (report.node !== nodeVersion)
      problems.push(`${pkg}: ran on Node ${report.node}, not ${nodeVersion}`);
  }
  if (problems.length > 0) {
    console.error(problems.join('\n'));
    process.exitCode = 1;
  } else {
    const count = tally();
    countVitest(dir, count);
    console.log(
      `Node ${nodeVersion}: ${planned.length} packages ran ${count.passed + count.failed + count.skipped} suites`,
    );
  }
}

function tally() {
  return { passed: 0, failed: 0, skipped: 0 };
}

/** Adds a suite's state, in Vitest's words ('passed') or the edge runner's ('pass'). */
function add(count, state) {
  if (state === 'passed' || state === 'pass') count.passed++;
  else if (state === 'skipped' || state === 'skip') count.skipped++;
  else count.failed++;
}

function countVitest(dir, count) {
  const reports = vitestReports(dir);
  for (const report of reports.values()) {
    for (const file of report.files) add(count, file.state);
    if (report.unhandledErrors > 0) add(count, 'failed');
  }
  for (const pkg of plannedPackages(dir)) if (!reports.has(pkg)) add(count, 'failed');
}

/** Edge results are per test, named `<package> <file> > <describe> > <test>`: one suite per file. */
function countEdge(path, count) {
  for (const row of readJson(path)) {
    if (row.error) {
      add(count, 'failed');
      continue;
    }
    const files = new Map();
    for (const result of row.results) {
      const file = result.name.split(' > ')[0];
      files.set(file, [...(files.get(file) ?? []), result.state]);
    }
    for (const states of files.values()) {
      if (states.includes('fail')) add(count, 'failed');
      else if (states.every((state) => state === 'skip')) add(count, 'skipped');
      else add(count, 'passed');
    }
  }
}

function summary(root) {
  const count = tally();
  if (existsSync(root)) {
    for (const name of readdirSync(root).sort()) {
      const path = join(root, name);
      if (statSync(path).isDirectory()) countVitest(path, count);
      else if (name === 'edge.json') countEdge(path, count);
    }
  }
  const skipped = count.skipped > 0 ? `, ${count.skipped} skipped` : '';
  console.log(`${count.passed} passed, ${count.failed} failed${skipped}`);
}

const [command, ...args] = process.argv.slice(2);
if (command === 'check' && args.length === 2) check(args[0], args[1]);
else if (command === 'summary' && args.length === 1) summary(args[0]);
else {
  console.error('usage: node .ci/suites.mjs check <dir> <node-version> | summary <reports-root>');
  process.exitCode = 2;
}
