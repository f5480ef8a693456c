import { useEmulator } from '@fs/emulator/testing';
import type { ResizeParams } from '@fs/transform';
import { describe, expect, it } from 'vitest';
import { Client, Filelink, Transformation } from '../src/index.js';

/* Every step returns a new Transformation; nothing a chain does changes what it came from. */

const HANDLE = 'aBcDeFgHiJkLmNoPqRsT';
const CDN = 'https://cdn.filestackcontent.com';
const emu = useEmulator();

describe('immutable chains', () => {
  it('each step returns a new Transformation and leaves the one it was called on as it was', () => {
    const filelink = new Filelink(HANDLE);
    const base = filelink.resize({ width: 400 });
    const flipped = base.flip();
    const blurred = base.blur({ amount: 2 });
    expect(flipped).not.toBe(base);
    expect(base.url).toBe(`${CDN}/resize=width:400/${HANDLE}`);
    expect(flipped.url).toBe(`${CDN}/resize=width:400/flip/${HANDLE}`);
    expect(blurred.url).toBe(`${CDN}/resize=width:400/blur=amount:2/${HANDLE}`);
    expect(filelink.url).toBe(`${CDN}/${HANDLE}`);
    expect(base.tasks).toHaveLength(1);
  });

  it('keeps repeats and order', () => {
    const t = new Filelink(HANDLE).flip().resize({ width: 10 }).flip();
    expect(t.tasks.map((task) => task.name)).toEqual(['flip', 'resize', 'flip']);
  });

  it('cannot be changed through its tasks, its source or the options given to a step', () => {
    const params: { width: number; height?: number } = { width: 400 };
    const t = new Filelink(HANDLE).resize(params as ResizeParams);
    params.width = 1;
    params.height = 2;
    expect(t.url).toBe(`${CDN}/resize=width:400/${HANDLE}`);
    expect(() => (t.tasks as unknown[]).push({ name: 'flip' })).toThrow(TypeError);
    const raw = { version: 2 };
    const tagged = new Filelink(HANDLE).task('tags', raw);
    raw.version = 3;
    expect(tagged.url).toBe(`${CDN}/tags=version:2/${HANDLE}`);
    const sources = [HANDLE, 'ZyXwVuTsRqPoNmLkJiHg'];
    const zipped = new Transformation(sources, { apikey: 'KEY' }).zip();
    sources.pop();
    expect(zipped.url).toBe(`${CDN}/KEY/zip/[${HANDLE},ZyXwVuTsRqPoNmLkJiHg]`);
    expect(() => (zipped.source as string[]).push('x')).toThrow(TypeError);
  });

  it('storing a chain leaves the chain usable and unchanged', async () => {
    const client = new Client(emu.apikey, { urls: emu.urls });
    const { handle } = await client.upload({ file: new TextEncoder().encode('abc') });
    const chain = client.filelink(handle).task('cache', { expiry: 60 });
    const before = chain.url;
    const first = await chain.store();
    const second = await chain.store();
    expect(chain.url).toBe(before);
    expect(first.handle).not.toBe(second.handle);
  });
});
