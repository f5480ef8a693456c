import { writeFile } from 'node:fs/promises';
import { useEmulator } from '@fs/emulator/testing';
import { useTempDir } from '@fs/test-kit';
import { describe, expect, it } from 'vitest';
import { Client } from '../src/index.js';
import { fileResumeStore, type ResumeReport } from '../src/resume.node.js';

const emu = useEmulator();
const temp = useTempDir('fs-client-test-');
const PART = 64 * 1024;

describe('client.upload with resume', () => {
  it('passes resume through: a second upload of the same path sends only what the first did not store', async () => {
    const path = temp.path('resumed.bin');
    const bytes = new Uint8Array(4 * PART).map((_, i) => (i * 7 + 3) % 251);
    await writeFile(path, bytes);
    const client = new Client(emu.apikey, { urls: emu.urls });
    const resume = fileResumeStore(temp.path('states'));
    const options = { filepath: path, partSize: PART, concurrency: 1, resume };
    // The third part is refused: two are stored and saved, and the upload fails.
    emu.faults.add({ route: 'put', kind: 'status', status: 400, nth: [3] });
    await expect(client.upload(options)).rejects.toMatchObject({ status: 400 });
    expect(await resume.list()).toHaveLength(1);
    emu.reset();

    const reports: ResumeReport[] = [];
    const filelink = await client.upload({ ...options, onResumeState: (r) => reports.push(r) });
    expect(reports).toMatchObject([{ status: 'resumed', resumedBytes: 2 * PART }]);
    expect(filelink.uploadResponse?.resumedBytes).toBe(2 * PART);
    const puts = emu.stats().requests.filter((r) => r.route === 'put' && r.status === 200);
    expect(puts).toHaveLength(2);
    expect(Buffer.from(await filelink.getContent()).equals(Buffer.from(bytes))).toBe(true);
    expect(await resume.list()).toEqual([]);
  });
});
