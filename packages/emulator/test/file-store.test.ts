import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDataDir } from '../src/store/data-dir.js';
import { FileStore, type NewFile } from '../src/store/file-store.js';

const FILE: NewFile = {
  filename: 'a.txt',
  mimetype: 'text/plain',
  key: 'k',
  container: 'c',
  location: 's3',
};
const bytes = (text: string) => Readable.from([Buffer.from(text)]);

describe('FileStore', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'fs-emu-store-'));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('writes each version of a file under a new name that its record names', async () => {
    const store = await FileStore.open(await openDataDir(root));
    const first = await store.create('AAAA', bytes('one'), FILE);
    const second = await store.overwrite(first, bytes('two!'), {});
    expect(second.blob).not.toBe(first.blob);
    expect(second.uploaded).toBe(first.uploaded);
    expect(await readFile(store.bytesPath(second), 'utf8')).toBe('two!');
    const saved = JSON.parse(await readFile(join(root, 'files', 'AAAA.json'), 'utf8'));
    expect(saved).toMatchObject({ blob: second.blob, size: 4 });
    // A reader that looked up the old record a moment ago still finds the old bytes.
    expect(await readFile(store.bytesPath(first), 'utf8')).toBe('one');
  });

  it('removes, when it opens, the bytes that no record names (a write cut short)', async () => {
    const dir = await openDataDir(root);
    const store = await FileStore.open(dir);
    const kept = await store.create('BBBB', bytes('kept'), FILE);
    await writeFile(join(dir.files, 'BBBB.unfinished.bin'), 'new bytes, record never renamed');
    await writeFile(join(dir.files, 'CCCC.orphan.bin'), 'a create cut short');
    await FileStore.open(dir);
    expect((await readdir(dir.files)).sort()).toEqual(['BBBB.json', kept.blob].sort());
  });

  it('serves records written before versioned names from <handle>.bin', async () => {
    const dir = await openDataDir(root);
    const legacy = { ...FILE, handle: 'DDDD', size: 3, uploaded: 1, hashes: {} };
    await writeFile(join(dir.files, 'DDDD.json'), JSON.stringify(legacy));
    await writeFile(join(dir.files, 'DDDD.bin'), 'old');
    const store = await FileStore.open(dir);
    const record = await store.get('DDDD');
    expect(await readFile(store.bytesPath(record!), 'utf8')).toBe('old');
  });

  it('keeps the bytes of a skip_storage delete out of the sweep', async () => {
    const dir = await openDataDir(root);
    const store = await FileStore.open(dir);
    const record = await store.create('EEEE', bytes('in storage'), FILE);
    await store.remove('EEEE', true);
    await FileStore.open(dir);
    expect(await readdir(dir.files)).toEqual([record.blob!.replace(/\.bin$/, '.kept')]);
  });

  it('applies concurrent overwrites of one file one after the other', async () => {
    const store = await FileStore.open(await openDataDir(root));
    const record = await store.create('FFFF', bytes('0'), FILE);
    const written = await Promise.all(
      ['1', '22', '333'].map((text) => store.overwrite(record, bytes(text), {})),
    );
    const current = await store.get('FFFF');
    expect(written.map((file) => file.blob)).toContain(current!.blob);
    expect(await readFile(store.bytesPath(current!), 'utf8')).toHaveLength(current!.size);
  });
});
