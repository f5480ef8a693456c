import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@fs/client';
import { findFfmpeg } from '@fs/emulator/testing';
import { openEnvironment } from './environment.js';
import { formatBytes, type Output, Reporter } from './report.js';
import { type DemoContext, STEPS, type Step } from './steps.js';

/** Options of `runDemo`. */
export interface DemoOptions {
  /** Environment variables: FILESTACK_API_KEY, FILESTACK_APP_SECRET, FILESTACK_EXTERNAL_URL. */
  env?: Record<string, string | undefined>;
  /** Where the report goes. Default: stdout. */
  out?: Output;
  /** Size of the file uploaded with Intelligent Ingestion. Default 64 MiB. */
  bigFileSize?: number;
  /** Stops the run (Ctrl-C). */
  signal?: AbortSignal;
  /** The steps to run. Default: all of them. */
  steps?: readonly Step[];
}

const SAMPLE = fileURLToPath(new URL('../assets/sample.png', import.meta.url));

/**
 * Runs every step against the emulator or Filestack and prints a short report of each.
 * Resolves with the exit code: 0 when every step passed, 1 when one failed (the run stops
 * there, printing the step, the typed error and a hint).
 */
export async function runDemo(options: DemoOptions = {}): Promise<number> {
  const {
    env = process.env,
    out = process.stdout,
    signal = new AbortController().signal,
  } = options;
  const report = new Reporter(out, env);
  const steps = options.steps ?? STEPS;
  const environment = await openEnvironment(env);
  const temp = await mkdtemp(join(tmpdir(), 'fs-demo-'));
  const bigFileSize = options.bigFileSize ?? 64 * 1024 * 1024;
  try {
    report.header([
      ['service', environment.description],
      ['files', `assets/sample.png and a generated ${formatBytes(bigFileSize)} file`],
    ]);
    const ctx: DemoContext = {
      env: environment,
      client: new Client(environment.apikey, environment.clientOptions),
      report,
      temp,
      samplePath: SAMPLE,
      bigFileSize,
      ffmpeg: await findFfmpeg(),
      signal,
      made: { stored: [] },
    };
    const started = performance.now();
    let skipped = 0;
    for (const [index, step] of steps.entries()) {
      report.start(`${index + 1}. ${step.title}`);
      const reason = step.skip?.(ctx);
      if (reason !== undefined) {
        report.skipped(reason);
        skipped += 1;
        continue;
      }
      const stepStarted = performance.now();
      try {
        await step.run(ctx);
      } catch (error) {
        report.failed(performance.now() - stepStarted, error, step.hint);
        report.summary(`Step ${index + 1} (${step.title}) failed.`, false);
        return 1;
      }
      report.ok(performance.now() - stepStarted);
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    report.summary(
      `All ${steps.length - skipped} steps passed in ${seconds} s${skipped ? ` (${skipped} skipped)` : ''}.`,
      true,
    );
    return 0;
  } finally {
    await rm(temp, { recursive: true, force: true });
    await environment.close();
  }
}
