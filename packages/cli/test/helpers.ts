import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Emulator } from '@fs/emulator';
import { type UseEmulatorOptions, useEmulator } from '@fs/emulator/testing';
import { afterAll, beforeAll, beforeEach } from 'vitest';

/** The built binary, as `npm install` links it (the test task builds the package first). */
export const BIN = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

/** What a finished run of `filestack` left. */
export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** Environment variables on top of a clean one (no FILESTACK_* of the machine leaks in). */
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Written to stdin, which is then closed. */
  input?: string | Uint8Array;
}

/** Starts `filestack args` as a child process; `done` settles when it exits. */
export function startCli(args: readonly string[], options: CliOptions = {}) {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries({
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    ...options.env,
  })) {
    if (value !== undefined) env[name] = value;
  }
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  if (options.input === undefined) child.stdin.end();
  else child.stdin.end(options.input);
  const done = new Promise<CliRun>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done, output: () => ({ stdout, stderr }) };
}

/** Runs `filestack args` to the end. */
export function cli(args: readonly string[], options: CliOptions = {}): Promise<CliRun> {
  return startCli(args, options).done;
}

/** The environment that points the CLI at `emu`. */
export function envFor(emu: Emulator, extra: Record<string, string> = {}): Record<string, string> {
  return { FILESTACK_ENDPOINT: emu.url, FILESTACK_API_KEY: emu.apikey, ...extra };
}

/**
 * The emulator of one test file, from `@fs/emulator/testing`: started before its tests, reset
 * before each, closed after the file. Conversions never need ffmpeg here.
 */
export function fileEmulator(options: Omit<UseEmulatorOptions, 'hooks'> = {}): Emulator {
  return useEmulator({
    video: { ffmpeg: false },
    ...options,
    hooks: { beforeAll, afterAll, beforeEach },
  });
}

/** The bytes the emulator serves for `handle`. */
export async function storedBytes(emu: Emulator, handle: string): Promise<Buffer> {
  const response = await fetch(`${emu.url}/${handle}`);
  if (!response.ok) throw new Error(`the CDN answered ${response.status} for ${handle}`);
  return Buffer.from(await response.arrayBuffer());
}

/** The NDJSON lines of `stdout`, parsed. */
export function jsonLines(stdout: string): Array<Record<string, unknown>> {
  return stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
