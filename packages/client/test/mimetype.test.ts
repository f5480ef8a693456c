import { writeFile } from 'node:fs/promises';
import { useEmulator } from '@fs/emulator/testing';
import { gradientPng, useTempDir } from '@fs/test-kit';
import { describe, expect, it } from 'vitest';
import { Client, sniffMimetype } from '../src/index.js';

/*
 * What type client.upload stores: in Node the file name's extension from the full table, else
 * the first bytes; an explicit storeParams.mimetype always wins.
 */

const emu = useEmulator();
const tempDir = useTempDir('fs-client-');

describe('the type client.upload stores', () => {
  it('comes from the first bytes of a file without a name, in Node by default', async () => {
    const client = new Client(emu.apikey, { urls: emu.urls });
    const filelink = await client.upload({ file: gradientPng(4, 2) });
    expect(filelink.uploadResponse?.mimetype).toBe('image/png');
  });

  it('comes from the extension of a filepath, for types a short map missed', async () => {
    const client = new Client(emu.apikey, { urls: emu.urls });
    const path = tempDir.path('calendar.ics');
    await writeFile(path, 'BEGIN:VCALENDAR\r\n');
    const filelink = await client.upload({ filepath: path });
    expect(filelink.uploadResponse?.mimetype).toBe('text/calendar');
  });

  it('is storeParams.mimetype when given, whatever the bytes', async () => {
    const client = new Client(emu.apikey, { urls: emu.urls });
    const filelink = await client.upload({
      file: gradientPng(4, 2),
      storeParams: { mimetype: 'application/x-raw' },
    });
    expect(filelink.uploadResponse?.mimetype).toBe('application/x-raw');
  });

  it('is octet-stream with sniffing off, and sniffMimetype is the one @fs/upload uses', async () => {
    const client = new Client(emu.apikey, { urls: emu.urls });
    const off = await client.upload({ file: gradientPng(4, 2), sniffMimetype: false });
    expect(off.uploadResponse?.mimetype).toBe('application/octet-stream');
    expect(sniffMimetype(gradientPng(4, 2))).toBe('image/png');
  });
});
