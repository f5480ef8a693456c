import { readFileSync } from 'node:fs';
import { freePort, useTempDir } from '@fs/test-kit';
import { describe, expect, it } from 'vitest';
import { cli, envFor, fileEmulator } from './helpers.js';

const emu = fileEmulator();
const files = useTempDir('fs-cli-test-');
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

const COMMANDS = [
  'upload',
  'download',
  'url',
  'sign',
  'webhook',
  'webhook verify',
  'convert',
  'metadata',
  'delete',
  'store',
  'emulator',
];

describe('usage', () => {
  it('prints the version', async () => {
    const run = await cli(['--version']);
    expect(run).toMatchObject({ code: 0, stdout: `${version}\n` });
  });

  it('has help with examples on every command', async () => {
    for (const command of COMMANDS) {
      const run = await cli([...command.split(' '), '--help']);
      expect(run.code, command).toBe(0);
      expect(run.stdout, command).toMatch(/^Usage: filestack /);
      expect(run.stdout, command).toMatch(/Examples?:\n {2}\$ filestack /);
    }
  });

  it.each([
    ['no command', []],
    ['an unknown command', ['frobnicate']],
    ['an unknown option', ['upload', 'a.txt', '--bogus']],
    ['a missing argument', ['upload']],
    ['a bad --concurrency', ['upload', 'a.txt', '--concurrency', 'many']],
    ['a bad --part-size', ['upload', 'a.txt', '--part-size', '5 parsecs']],
    ['a --tag without =', ['upload', 'a.txt', '--tag', 'team']],
    ['a bad store option', ['upload', 'a.txt', '--access', 'everyone']],
    ['--filename with several files', ['upload', 'a.txt', 'b.txt', '--filename', 'x']],
    [
      '--emulator with --endpoint',
      ['--emulator', '--endpoint', 'http://127.0.0.1:9', 'upload', 'a.txt'],
    ],
    ['a bad --endpoint', ['--endpoint', 'ftp://example.com', 'upload', 'a.txt']],
    ['a bad task', ['url', 'aBcDeFgHiJkLmNoPqRsT', 'resize=width:huge']],
    ['an unknown task', ['url', 'aBcDeFgHiJkLmNoPqRsT', 'resise=width:40']],
    ['a bad handle', ['metadata', 'not-a-handle']],
    ['a bad --expiry', ['sign', '--expiry', 'soon']],
    [
      'a webhook check without --signature',
      ['webhook', 'verify', '--body-file', 'x', '--timestamp', '1'],
    ],
  ])('exits 2 for %s, before any request', async (_, args) => {
    const a = await files.write('a.txt', 'a');
    await files.write('b.txt', 'b');
    const run = await cli(args, {
      env: envFor(emu, { FILESTACK_APP_SECRET: 'an-app-secret' }),
      cwd: files.dir,
    });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim()).not.toBe('');
    expect(emu.stats().requests).toEqual([]);
    expect(a).toBeTruthy();
  });

  it('without an API key exits 2 with a hint naming --apikey and --emulator', async () => {
    const run = await cli(['upload', 'a.txt'], { cwd: files.dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('FILESTACK_API_KEY');
    expect(run.stderr).toContain('--apikey');
    expect(run.stderr).toContain('--emulator');
  });

  it('adds each retry and the cause of an error with --verbose, in one line each', async () => {
    const path = await files.write('retried.txt', 'retried');
    emu.faults.add({ route: 'start', kind: 'status', status: 503, times: 1 });
    const retried = await cli(['upload', path, '--verbose'], { env: envFor(emu) });
    expect(retried.code, retried.stderr).toBe(0);
    expect(retried.stderr).toMatch(
      /^try 1 failed \(POST .*\/multipart\/start failed with HTTP 503.*\); retrying in \d+ ms$/m,
    );

    // Nothing listens on this port: the error is a NetworkError whose cause says why.
    const closed = {
      FILESTACK_ENDPOINT: `http://127.0.0.1:${await freePort()}`,
      FILESTACK_API_KEY: emu.apikey,
    };
    const quiet = await cli(['metadata', 'aBcDeFgHiJkLmNoPqRsT'], { env: closed });
    expect(quiet.code).toBe(1);
    expect(quiet.stderr.trim().split('\n')).toHaveLength(1);
    expect(quiet.stderr).toMatch(/^error: .*; check the network, or that the host/);
    const verbose = await cli(['metadata', 'aBcDeFgHiJkLmNoPqRsT', '--verbose'], { env: closed });
    expect(verbose.code).toBe(1);
    expect(verbose.stderr).toMatch(/^ {2}caused by: .*ECONNREFUSED/m);
  });

  it('takes a flag over the environment', async () => {
    const path = await files.write('flag.txt', 'flag wins');
    const env = envFor(emu, { FILESTACK_API_KEY: 'SomeOtherKey' });
    const wrong = await cli(['upload', path], { env });
    expect(wrong.code).toBe(1);
    const right = await cli(['upload', path, '--apikey', emu.apikey], { env });
    expect(right.code, right.stderr).toBe(0);
  });
});
