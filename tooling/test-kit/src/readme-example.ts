import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';
import { onTestFinished } from 'vitest';

/*
 * A README example is a fenced block whose first line names the file it would be saved as
 * (`// example.mjs`, `# example.sh`): the name finds the block and says how to run it.
 */

const FENCED_BLOCK = /^```[\w-]*\n([\s\S]*?)^```/gm;

/**
 * The code of the fenced block of `readme` whose first line is `// <file>` (or `# <file>`),
 * alone or followed by a note (`// example.mjs: node example.mjs`), that line included. Throws when there is none, so a renamed example fails its test.
 */
export function readmeExample(readme: string | URL, file: string): string {
  for (const [, code] of readFileSync(readme, 'utf8').matchAll(FENCED_BLOCK)) {
    const first = code!.slice(0, code!.indexOf('\n')).trim();
    // The name, alone or followed by a note: `// server.mjs: node server.mjs, then ...`.
    if (/^(\/\/|#) (\S+?)(:?\s|:?$)/.exec(first)?.[2] === file) return code!;
  }
  throw new Error(`${String(readme)} has no code block whose first line is "// ${file}"`);
}

/** Options of {@link runReadmeExample}. */
export interface ReadmeExampleOptions {
  /** The name the block gives itself in its first line, e.g. `'example.mjs'`; it runs as that file. */
  file: string;
  /**
   * Import specifiers to point elsewhere, typically the package's own name at its sources:
   * `{ '@fs/core': new URL('../src/index.ts', import.meta.url) }`. Each must occur in the
   * example. A `file:` URL (a string from `import.meta.resolve` too) or an absolute path.
   * @default {}
   */
  imports?: Record<string, string | URL>;
  /** Environment variables set while the example runs, restored when the test ends. @default {} */
  env?: Record<string, string>;
}

/** What an example printed. */
export interface ReadmeExampleRun {
  /** Each `console.log` as it would print (`util.format`), in order. */
  lines: string[];
  /** The arguments of each `console.log`, as passed. */
  logged: unknown[][];
}

function pathOf(target: string | URL): string {
  return String(target).startsWith('file:') ? fileURLToPath(target) : String(target);
}

function setEnv(env: Record<string, string>): () => void {
  const before = Object.keys(env).map((name) => [name, process.env[name]] as const);
  Object.assign(process.env, env);
  return () => {
    for (const [name, value] of before) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}

/**
 * Runs a README example as written, in this process: the block named `options.file`, with
 * `options.imports` pointed elsewhere, saved to a temporary directory and imported. Resolves
 * when its top level has run, with what it printed; `console.log` stays captured until the test
 * ends, so output of servers the example left running is caught too. Call it inside a test.
 *
 * @example
 * ```ts
 * it('runs the README example as written', async () => {
 *   const { lines } = await runReadmeExample(new URL('../README.md', import.meta.url), {
 *     file: 'example.mjs',
 *     imports: { '@fs/core': new URL('../src/index.ts', import.meta.url) },
 *   });
 *   expect(lines[0]).toBe('https://cdn.files.example.com');
 * });
 * ```
 */
export async function runReadmeExample(
  readme: string | URL,
  options: ReadmeExampleOptions,
): Promise<ReadmeExampleRun> {
  let code = readmeExample(readme, options.file);
  for (const [specifier, target] of Object.entries(options.imports ?? {})) {
    const quoted = [`'${specifier}'`, `"${specifier}"`];
    if (!quoted.some((form) => code.includes(form))) {
      throw new Error(`the ${options.file} example does not import '${specifier}'`);
    }
    for (const form of quoted) code = code.replaceAll(form, JSON.stringify(pathOf(target)));
  }
  const dir = mkdtempSync(join(tmpdir(), 'fs-readme-'));
  const file = join(dir, options.file);
  writeFileSync(file, code);

  const run: ReadmeExampleRun = { lines: [], logged: [] };
  const log = console.log;
  console.log = (...args: unknown[]) => {
    run.logged.push(args);
    run.lines.push(format(...args));
  };
  const restoreEnv = setEnv(options.env ?? {});
  onTestFinished(() => {
    console.log = log;
    restoreEnv();
    rmSync(dir, { recursive: true, force: true });
  });
  await import(/* @vite-ignore */ file);
  return run;
}
