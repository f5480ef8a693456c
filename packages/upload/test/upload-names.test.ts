import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ValidationError } from '@fs/core';
import { useEmulator } from '@fs/emulator/testing';
import { randomBytes } from '@fs/test-kit';
import { describe, expect, it } from 'vitest';
import { createUpload, type UploadResult, upload, uploadMany } from '../src/index.node.js';
import { logOf, optionsFor } from './helpers.js';

/*
 * The name an upload stores (sanitized by default, or chosen by a function of the file) and
 * the alt text it sends, as the emulator received and recorded them.
 */

const emu = useEmulator();

/** The emulator's record of a stored file: it keeps what it never answers, such as `alt`. */
const record = async (handle: string) =>
  JSON.parse(await readFile(join(emu.dataDir, 'files', `${handle}.json`), 'utf8')) as Record<
    string,
    unknown
  >;

describe('stored names', () => {
  it('are sanitized by default: a File named with separators and reserved characters', async () => {
    const file = new File([randomBytes(10)], 'reports/2024\\q1 #3?.pdf');
    const stored = await upload(file, optionsFor(emu));
    expect(stored.filename).toBe('reports-2024-q1 -3-.pdf');
    expect((await record(stored.handle)).filename).toBe('reports-2024-q1 -3-.pdf');
    // The type still comes from the (sanitized) name's extension.
    expect(stored.mimetype).toBe('application/pdf');
  });

  it('are sanitized when given as store.filename too, and kept as they are with sanitize: false', async () => {
    const given = await upload(
      randomBytes(10),
      optionsFor(emu, { store: { filename: 'a|b.txt' } }),
    );
    expect(given.filename).toBe('a-b.txt');
    const raw = await upload(
      randomBytes(10),
      optionsFor(emu, { store: { filename: 'a|b #1.txt' }, sanitize: false }),
    );
    expect(raw.filename).toBe('a|b #1.txt');
  });

  it('go through a sanitize function of your own', async () => {
    const stored = await upload(
      new File([randomBytes(10)], 'Holiday Photo.JPG'),
      optionsFor(emu, { sanitize: (name) => name.toLowerCase().replace(/\s+/g, '_') }),
    );
    expect(stored.filename).toBe('holiday_photo.jpg');
  });

  it('come from a store.filename function of the file, then sanitized', async () => {
    const input = new File([randomBytes(12)], 'scan.png', { type: 'image/png' });
    const seen: unknown[] = [];
    const stored = await upload(
      input,
      optionsFor(emu, {
        store: {
          filename: (file) => {
            seen.push(file);
            return `${file.size}/${file.name}`;
          },
        },
      }),
    );
    expect(seen).toEqual([{ input, name: 'scan.png', type: 'image/png', size: 12 }]);
    expect(stored.filename).toBe('12-scan.png');
  });

  it('are untitled when nothing names the file', async () => {
    expect((await upload(randomBytes(10), optionsFor(emu))).filename).toBe('untitled');
  });

  it('from a function that gives no name, or throws, fail that file before any request', async () => {
    const results: UploadResult[] = await uploadMany(
      [
        { input: randomBytes(10), store: { filename: () => '' } },
        {
          input: randomBytes(10),
          store: {
            filename: () => {
              throw new ValidationError({ option: 'mine', received: 1, allowed: '2' });
            },
          },
        },
        { input: randomBytes(10), store: { filename: 'fine.bin' } },
      ],
      optionsFor(emu, { sanitize: true }),
    );
    expect(results.map((result) => result.ok)).toEqual([false, false, true]);
    const [empty, thrown] = results;
    expect(!empty!.ok && empty!.error).toMatchObject({ option: 'store.filename()' });
    expect(!thrown!.ok && thrown!.error).toMatchObject({ option: 'mine' });
    expect(logOf(emu, 'start')).toHaveLength(1);
    const refused = createUpload(randomBytes(10), optionsFor(emu, { sanitize: () => 42 as never }));
    await expect(refused.done).rejects.toMatchObject({ option: 'sanitize()' });
    expect(logOf(emu, 'start')).toHaveLength(1);
  });

  it('refuse a sanitize that is neither a boolean nor a function, before any request', async () => {
    await expect(
      upload(randomBytes(10), optionsFor(emu, { sanitize: 'yes' as never })),
    ).rejects.toThrow(ValidationError);
    expect(logOf(emu, 'start')).toHaveLength(0);
  });
});

describe('alt text', () => {
  it('is sent on complete as alt and recorded with the file', async () => {
    const stored = await upload(
      randomBytes(10),
      optionsFor(emu, { store: { filename: 'cat.png', altText: 'A cat asleep on a keyboard' } }),
    );
    expect((await record(stored.handle)).alt).toBe('A cat asleep on a keyboard');
  });

  it('over 125 characters is refused before any request', async () => {
    const error = await upload(
      randomBytes(10),
      optionsFor(emu, { store: { altText: 'x'.repeat(126) } }),
    ).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ option: 'store.altText' });
    expect(logOf(emu, 'start')).toHaveLength(0);
  });
});

describe('base64decode on an upload', () => {
  it('is refused before any request, saying where it works instead', async () => {
    const error = await upload(
      randomBytes(10),
      optionsFor(emu, { store: { base64decode: true } as never }),
    ).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ option: 'store.base64decode' });
    expect((error as Error).message).toContain('Upload the decoded bytes');
    expect((error as Error).message).toContain('overwrite');
    expect(logOf(emu, 'start')).toHaveLength(0);
  });
});
