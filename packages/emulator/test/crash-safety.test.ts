import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { sha256Hex } from '@fs/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorProcess, spawnEmulator } from './emulator-process.js';
import { asBody, testBytes, uploadRegular } from './helpers.js';

const ROUNDS = 10;
const FILES = 8;
/** Milliseconds between "every file was overwritten a few times" and the kill, per round. */
const KILL_DELAYS = [0, 7, 13, 21, 3, 17, 29, 11, 5, 23];

/** The bytes of version `v` of file `file`: sizes vary, so a torn file shows in its size too. */
const version = (file: number, v: number) =>
  testBytes((8 + ((file * 7 + v * 13) % 24)) * 1024, file * 100_000 + v + 1);

interface Tracked {
  handle: string;
  /** The newest version whose overwrite was answered 200. */
  acknowledged: number;
  /** sha256 of every version sent, acknowledged or not. */
  versions: Map<string, number>;
}

/**
 * The bytes of a file and what its record says about them. A record that promises more bytes
 * than the file holds makes the download stall, hence the timeout.
 */
async function readBack(emu: EmulatorProcess, handle: string) {
  const meta = await fetch(
    `${emu.urls.api}/file/${handle}/metadata?size=true&md5=true&sha256=true`,
  ).then((r) => r.json() as Promise<{ size: number; sha256: string }>);
  try {
    const response = await fetch(`${emu.url}/${handle}`, { signal: AbortSignal.timeout(10_000) });
    const bytes = Buffer.from(await response.arrayBuffer());
    return { status: response.status, bytes, meta };
  } catch (error) {
    return { status: 0, error: (error as Error).message, bytes: Buffer.alloc(0), meta };
  }
}

describe('crash safety', () => {
  let dataDir: string;
  let emu: EmulatorProcess | undefined;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'fs-emu-crash-'));
  });
  afterAll(async () => {
    await emu?.kill();
    await rm(dataDir, { recursive: true, force: true });
  });

  it(`never leaves a file whose bytes and record disagree, over ${ROUNDS} SIGKILLs during overwrites and uploads`, async () => {
    emu = await spawnEmulator({ dataDir });
    const files: Tracked[] = [];
    for (let file = 0; file < FILES; file++) {
      const first = version(file, 0);
      const { body } = await uploadRegular(emu, first, { partSize: 16 * 1024 });
      const versions = new Map([[sha256Hex(first), 0]]);
      files.push({ handle: body.handle as string, acknowledged: 0, versions });
    }
    const uploaded: { handle: string; sha256: string }[] = [];
    const problems: string[] = [];

    for (let round = 0; round < ROUNDS; round++) {
      const target = emu;
      let overwrites = 0;
      let uploads = 0;
      const overwriting = files.map(async (tracked, file) => {
        for (let v = tracked.versions.size; ; v++) {
          const bytes = version(file, v);
          tracked.versions.set(sha256Hex(bytes), v);
          try {
            const response = await fetch(`${target.urls.api}/file/${tracked.handle}`, {
              method: 'POST',
              headers: { 'content-type': 'application/octet-stream' },
              body: asBody(bytes),
            });
            await response.arrayBuffer();
            if (response.status === 200) tracked.acknowledged = v;
            overwrites++;
          } catch {
            return; // the emulator was killed
          }
        }
      });
      const uploading = [0, 1].map(async (lane) => {
        for (let n = 0; ; n++) {
          const bytes = testBytes(96 * 1024, 1_000_000 + round * 1000 + lane * 100 + n);
          try {
            const { status, body } = await uploadRegular(target, bytes, { partSize: 32 * 1024 });
            if (status === 200) {
              uploaded.push({ handle: body.handle as string, sha256: sha256Hex(bytes) });
              uploads++;
            }
          } catch {
            return;
          }
        }
      });
      while (overwrites < FILES * 3 || uploads < 1) await sleep(5);
      await sleep(KILL_DELAYS[round]!);
      await target.kill();
      await Promise.all([...overwriting, ...uploading]);

      emu = await spawnEmulator({ dataDir });
      for (const [file, tracked] of files.entries()) {
        const { status, bytes, meta } = await readBack(emu, tracked.handle);
        const sha256 = sha256Hex(bytes);
        const v = tracked.versions.get(sha256);
        if (status !== 200) {
          problems.push(`round ${round}: file ${file} could not be read back (${status})`);
        } else if (sha256 !== meta.sha256 || bytes.length !== meta.size) {
          problems.push(
            `round ${round}: file ${file} is torn: ${bytes.length} bytes (version ${v}), ` +
              `its record says ${meta.size} bytes with another sha256`,
          );
        } else if (v === undefined || v < tracked.acknowledged) {
          problems.push(
            `round ${round}: file ${file} holds version ${v}, older than acknowledged ${tracked.acknowledged}`,
          );
        }
      }
      for (const { handle, sha256 } of uploaded) {
        const { status, bytes, meta } = await readBack(emu, handle);
        if (status !== 200 || sha256Hex(bytes) !== sha256 || meta.sha256 !== sha256) {
          problems.push(`round ${round}: uploaded file ${handle} does not read back as sent`);
        }
      }
    }
    expect(uploaded.length).toBeGreaterThan(0);
    expect(problems).toEqual([]);
    // Bytes of writes cut short were removed when the store opened: one per record.
    const names = await readdir(join(dataDir, 'files'));
    const count = (suffix: string) => names.filter((name) => name.endsWith(suffix)).length;
    expect(count('.bin')).toBe(count('.json'));
  }, 300_000);
});
