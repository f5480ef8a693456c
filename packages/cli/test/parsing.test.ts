import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ValidationError } from '@fs/core';
import { describe, expect, it } from 'vitest';
import { formatBytes, parseByteSize } from '../src/byte-size.js';
import { safeFileName } from '../src/download-target.js';
import { UsageError } from '../src/exit-codes.js';
import { parseExpiry } from '../src/expiry.js';
import { endpointHosts } from '../src/settings.js';
import { parseTaskArg, TASK_NAMES } from '../src/task-args.js';
import { createTransferRate, formatDuration } from '../src/transfer-rate.js';

/** The task catalog @fs/transform is generated from, read where the package is installed. */
const CATALOG: ReadonlyArray<{ name: string }> = JSON.parse(
  readFileSync(
    join(
      dirname(createRequire(import.meta.url).resolve('@fs/transform/package.json')),
      'catalog',
      'transform-tasks.json',
    ),
    'utf8',
  ),
);

describe('task arguments', () => {
  it('cover every task of the catalog, each checked by its own factory', () => {
    expect([...TASK_NAMES].sort()).toEqual(CATALOG.map((task) => task.name).sort());
  });

  it('read the service syntax: bare names, parameters, lists, quoted text', () => {
    expect(parseTaskArg('flip')).toEqual({ name: 'flip' });
    expect(parseTaskArg('resize=width:400,fit:crop')).toEqual({
      name: 'resize',
      params: { width: 400, fit: 'crop' },
    });
    expect(parseTaskArg('crop=dim:[0,0,200,100]')).toEqual({
      name: 'crop',
      params: { dim: [0, 0, 200, 100] },
    });
    expect(parseTaskArg('store=path:"a/b/"')).toMatchObject({
      name: 'store',
      params: { path: 'a/b/' },
    });
  });

  it('refuse an unknown task, several tasks in one argument, and parameters of a bare task', () => {
    expect(() => parseTaskArg('resise=width:4')).toThrow(UsageError);
    expect(() => parseTaskArg('flip/flop')).toThrow(/not one task/);
    expect(() => parseTaskArg('flip=x:1')).toThrow(/takes no parameters/);
  });

  it('leave a bad parameter to @fs/transform, which says what is allowed', () => {
    expect(() => parseTaskArg('resize=width:0')).toThrow(ValidationError);
    expect(() => parseTaskArg('resize=depth:3')).toThrow(/resize\.depth/);
  });
});

describe('byte sizes', () => {
  it('read bytes, binary and decimal units', () => {
    expect(parseByteSize('--size', '5242880')).toBe(5_242_880);
    expect(parseByteSize('--size', '5MiB')).toBe(5 * 1024 * 1024);
    expect(parseByteSize('--size', '5m')).toBe(5 * 1024 * 1024);
    expect(parseByteSize('--size', '5MB')).toBe(5_000_000);
    expect(parseByteSize('--size', '1.5 KiB')).toBe(1536);
    for (const bad of ['', 'five', '-1', '1.3B', '5 parsecs']) {
      expect(() => parseByteSize('--size', bad), bad).toThrow(UsageError);
    }
  });

  it('print short values', () => {
    expect(formatBytes(17)).toBe('17 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(200 * 1024 * 1024)).toBe('200.0 MiB');
  });
});

describe('expiry', () => {
  it('reads durations, ISO dates and unix seconds', () => {
    expect(parseExpiry('90s')).toEqual({ expiresIn: 90 });
    expect(parseExpiry('1h')).toEqual({ expiresIn: 3600 });
    expect(parseExpiry('7d')).toEqual({ expiresIn: 604_800 });
    expect(parseExpiry('2030-01-01T00:00:00Z')).toEqual({
      expiresAt: new Date('2030-01-01T00:00:00Z'),
    });
    expect(parseExpiry('1893456000')).toEqual({ expiresAt: 1893456000 });
    for (const bad of ['soon', '1 fortnight', 'June'])
      expect(() => parseExpiry(bad), bad).toThrow(UsageError);
  });
});

describe('file names from the server', () => {
  it('lose directories, control and reserved characters, and leading dots', () => {
    expect(safeFileName('../../etc/passwd', 'H')).toBe('passwd');
    expect(safeFileName('..\\..\\boot.ini', 'H')).toBe('boot.ini');
    expect(safeFileName('.bashrc', 'H')).toBe('bashrc');
    expect(safeFileName('a\u0000b\u001bc?.txt', 'H')).toBe('a_b_c_.txt');
    expect(safeFileName('CON.txt', 'H')).toBe('_CON.txt');
    expect(safeFileName('...', 'H')).toBe('H');
    expect(Buffer.byteLength(safeFileName('é'.repeat(300), 'H'))).toBeLessThanOrEqual(200);
  });
});

describe('--endpoint', () => {
  it('points every host at one origin and the file API at /api', () => {
    expect(endpointHosts('http://127.0.0.1:4000/')).toEqual({
      upload: 'http://127.0.0.1:4000',
      cdn: 'http://127.0.0.1:4000',
      process: 'http://127.0.0.1:4000',
      api: 'http://127.0.0.1:4000/api',
    });
    for (const bad of ['127.0.0.1:4000', 'ftp://host', 'http://host/?q=1', 'http://u:p@host']) {
      expect(() => endpointHosts(bad), bad).toThrow(UsageError);
    }
  });
});

describe('transfer rate', () => {
  it('is bytes per second over the last seconds, and gives the time left', () => {
    let now = 0;
    const rate = createTransferRate(() => now);
    expect(rate.secondsLeft(100)).toBeUndefined();
    rate.sample(0);
    now = 1000;
    rate.sample(1000);
    expect(rate.bytesPerSecond).toBe(1000);
    expect(rate.secondsLeft(5000)).toBe(5);
    now = 10_000;
    rate.sample(1000);
    // The window moved on: a stalled link shows a falling rate.
    expect(rate.bytesPerSecond).toBeLessThan(1000);
    expect(formatDuration(65)).toBe('1m05s');
    expect(formatDuration(7380)).toBe('2h03m');
  });
});
