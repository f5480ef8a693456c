import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { Emulator, EmulatorOptions } from '../src/index.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/emulator-process.ts', import.meta.url));

/** An emulator running in a child process: what the test helpers need, plus the process. */
export interface EmulatorProcess extends Pick<Emulator, 'url' | 'urls' | 'apikey'> {
  child: ChildProcess;
  /** SIGKILLs the process and waits until it is gone: no cleanup runs, as in a crash. */
  kill(): Promise<void>;
}

/** Starts an emulator in a child process (the sources, through tsx) and waits until it listens. */
export async function spawnEmulator(options: EmulatorOptions): Promise<EmulatorProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE, JSON.stringify(options)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  let stdout = '';
  const line = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const end = stdout.indexOf('\n');
      if (end >= 0) resolve(stdout.slice(0, end));
    });
    child.on('exit', (code) => reject(new Error(`the emulator exited (${code}): ${stderr}`)));
  });
  const { url, apikey } = JSON.parse(line) as { url: string; apikey: string };
  return {
    url,
    apikey,
    urls: { upload: url, cdn: url, api: `${url}/api`, process: url },
    child,
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
    },
  };
}
