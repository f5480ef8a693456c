import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '@fs/emulator';
import { useTempDir } from '@fs/test-kit';
import { afterAll, describe, expect, it } from 'vitest';
import type { ResumeReport, ResumeState } from '../src/index.node.js';
import { fileResumeStore } from '../src/node.js';
import { type Emulator, expectStored, logOf } from './helpers.js';

const MIB = 1024 * 1024;
const FIXTURE = fileURLToPath(new URL('./fixtures/resume-upload.ts', import.meta.url));
const EMULATOR_BIN = createRequire(import.meta.url)
  .resolve('@fs/emulator/package.json')
  .replace(/package\.json$/, 'bin/fs-emulator.js');

const temp = useTempDir('fs-upload-test-');
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
});

interface Outcome {
  handle: string;
  mode: string;
  resumedBytes: number;
  reports: ResumeReport[];
}

/** Starts a child process that runs one resumable `uploadFile` of `path`. */
function runUpload(options: Record<string, unknown>) {
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE, JSON.stringify(options)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  return {
    child,
    /** Waits for the run to end and reads its outcome; a failed run throws with its stderr. */
    async outcome(): Promise<Outcome> {
      const [code] = await exited;
      if (code !== 0) throw new Error(`the upload run exited with ${code}: ${stderr}`);
      return JSON.parse(stdout.trim().split('\n').pop()!) as Outcome;
    },
    /** SIGKILLs the run: no handler, no cleanup, as in a crash. */
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** The saved state in `storeDir` once it holds at least `parts` parts, read from the store. */
async function savedState(
  storeDir: string,
  parts: number,
  timeout = 120_000,
): Promise<ResumeState> {
  const store = fileResumeStore(storeDir);
  const deadline = Date.now() + timeout;
  for (;;) {
    const [entry] = await store.list();
    if (entry && Object.keys(entry.state.parts).length >= parts) return entry.state;
    if (Date.now() > deadline) throw new Error(`the store never held ${parts} parts`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const partCount = (state: ResumeState) => Object.keys(state.parts).length;
const putsOf = (emu: Emulator) => logOf(emu, 'put').filter((r) => r.status === 200).length;

async function file48MiB(name: string) {
  const bytes = new Uint8Array(randomBytes(48 * MIB));
  return { bytes, path: await temp.write(name, bytes) };
}

// Each test uploads 48 MiB twice through child processes: tens of seconds on a busy machine.
describe('resumable uploads across a SIGKILL', { timeout: 300_000 }, () => {
  for (const intelligent of [false, true]) {
    const name = intelligent ? 'Intelligent Ingestion' : 'a regular upload';
    it(`finish ${name} killed at 5 saved parts, sending only the parts not saved`, async () => {
      const emu = await startEmulator({ port: 0 });
      try {
        // Each part's answer waits 200 ms, so the kill lands while the sixth part is under way.
        emu.faults.add({ route: 'put', kind: 'latency', ms: 200 });
        const { bytes, path } = await file48MiB(`crash-${intelligent}.bin`);
        const storeDir = temp.path(`crash-store-${intelligent}`);
        const options = {
          path,
          storeDir,
          apikey: emu.apikey,
          urls: emu.urls,
          partSize: 5 * MIB,
          concurrency: 1,
          intelligent,
        };
        const first = runUpload(options);
        const atKill = partCount(await savedState(storeDir, 5));
        await first.kill();
        const saved = (await fileResumeStore(storeDir).list())[0]!.state;
        emu.reset();

        const second = await runUpload(options).outcome();
        const parts = Math.ceil(bytes.length / (5 * MIB));
        expect(second.reports).toMatchObject([{ status: 'resumed' }]);
        expect(second.resumedBytes).toBeGreaterThanOrEqual(0.4 * bytes.length);
        expect(second.mode).toBe(intelligent ? 'intelligent' : 'regular');
        // Only the parts the store did not hold, which is at most one more than at the kill.
        expect(putsOf(emu)).toBe(parts - partCount(saved));
        expect(putsOf(emu)).toBeLessThanOrEqual(parts - atKill + 1);
        expect(logOf(emu, 'start')).toEqual([]);
        await expectStored(emu, second.handle, bytes);
        expect(await fileResumeStore(storeDir).list()).toEqual([]);
      } finally {
        await emu.close();
      }
    });
  }

  it('finish an upload whose emulator was killed with it and restarted on the same port and data dir', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'fs-upload-crash-'));
    const startEmulator = async (port: number) => {
      const child = spawn(
        process.execPath,
        [EMULATOR_BIN, '--port', String(port), '--data-dir', dataDir],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      children.push(child);
      let stdout = '';
      for await (const chunk of child.stdout) {
        stdout += chunk;
        if (stdout.includes('Ctrl-C')) break;
      }
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)![1]!;
      const config = JSON.parse(/Client config:\n(\{[\s\S]*?\n\})/.exec(stdout)![1]!);
      return { child, url, config };
    };
    try {
      const first = await startEmulator(0);
      const { bytes, path } = await file48MiB('both-killed.bin');
      const storeDir = temp.path('both-killed-store');
      const options = {
        path,
        storeDir,
        ...first.config,
        partSize: 5 * MIB,
        concurrency: 1,
      };
      const client = runUpload(options);
      await savedState(storeDir, 3);
      first.child.kill('SIGKILL');
      await client.kill();

      const port = Number(new URL(first.url).port);
      const second = await startEmulator(port);
      const outcome = await runUpload(options).outcome();
      expect(outcome.reports).toMatchObject([{ status: 'resumed' }]);
      expect(outcome.resumedBytes).toBeGreaterThanOrEqual(3 * 5 * MIB);
      const stored = new Uint8Array(
        await (await fetch(`${second.url}/${outcome.handle}`)).arrayBuffer(),
      );
      expect(Buffer.from(stored).equals(Buffer.from(bytes))).toBe(true);
      second.child.kill('SIGKILL');
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('start afresh, and say so, when the saved upload expired on the emulator meanwhile', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'fs-upload-expiry-'));
    // The lifetime of an upload on the restarted emulator: the first run's upload is older,
    // the second run's has this long to finish its 8 MiB.
    const ttl = 10_000;
    try {
      const first = await startEmulator({ port: 0, dataDir });
      const bytes = new Uint8Array(randomBytes(8 * MIB));
      const path = await temp.write('expired.bin', bytes);
      const storeDir = temp.path('expired-store');
      const options = {
        path,
        storeDir,
        apikey: first.apikey,
        urls: first.urls,
        partSize: MIB,
        concurrency: 1,
      };
      const client = runUpload(options);
      await savedState(storeDir, 2);
      const started = Date.now(); // the first run's upload started before this
      await client.kill();
      await first.close();
      await new Promise((resolve) => setTimeout(resolve, started + ttl - Date.now()));
      const port = Number(new URL(first.url).port);
      const second = await startEmulator({ dataDir, port, uploadTtl: ttl });
      try {
        const outcome = await runUpload(options).outcome();
        expect(outcome.reports).toMatchObject([
          { status: 'resumed' },
          { status: 'restarted', reason: 'refused', resumedBytes: 0 },
        ]);
        expect(outcome.resumedBytes).toBe(0);
        expect(logOf(second, 'start')).toHaveLength(1);
        await expectStored(second, outcome.handle, bytes);
      } finally {
        await second.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
