import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

/** A temporary directory for one test file, removed after it. */
export async function fileTempDir() {
  const dir = await mkdtemp(join(tmpdir(), 'fs-cli-test-'));
  afterAll(() => rm(dir, { recursive: true, force: true }));
  return {
    dir,
    path: (name: string) => join(dir, name),
    async write(name: string, content: string | Uint8Array): Promise<string> {
      const path = join(dir, name);
      await writeFile(path, content);
      return path;
    },
  };
}

/** The bytes the emulator serves for `handle`. */
export async function storedBytes(emu: Emulator, handle: string): Promise<Buffer> {
  const response = await fetch(`${emu.url}/${handle}`);
  if (!response.ok) throw new Error(`the CDN answered ${response.status} for ${handle}`);
  return Buffer.from(await response.arrayBuffer());
}

export function md5(bytes: Uint8Array | string): string {
  return createHash('md5').update(bytes).digest('hex');
}

/** The NDJSON lines of `stdout`, parsed. */
export function jsonLines(stdout: string): Array<Record<string, unknown>> {
  return stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** A loopback port that was free a moment ago: nothing listens on it. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
