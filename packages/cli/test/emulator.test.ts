import { access } from 'node:fs/promises';
import { get as httpGet } from 'node:http';
import { useTempDir } from '@fs/test-kit';
import { describe, expect, it } from 'vitest';
import { cli, startCli } from './helpers.js';

const files = useTempDir('fs-cli-test-');

/** Starts `filestack emulator args` and resolves once it printed its address. */
async function startEmulatorCommand(args: string[], env: Record<string, string> = {}) {
  const run = startCli(['emulator', '--port', '0', ...args], { env });
  for (let i = 0; i < 400 && !run.output().stdout.includes('Ctrl-C'); i++) {
    if (run.child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  const { stdout } = run.output();
  const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1];
  return { ...run, stdout, url };
}

/** Whether `url` enforces policies: an unsigned start of an upload is refused. */
async function startStatus(url: string, apikey = 'FsEmulatorDefaultKey01') {
  const response = await fetch(`${url}/multipart/start`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ apikey, filename: 'a.txt', mimetype: 'text/plain', size: 1 }),
  });
  return response.status;
}

/** The status of a GET of `url` sent with `Host: host` (fetch does not let a caller set it). */
const statusWithHost = (url: string, host: string) =>
  new Promise<number>((resolve, reject) => {
    httpGet(url, { headers: { host } }, (answer) => resolve(answer.resume().statusCode ?? 0)).on(
      'error',
      reject,
    );
  });

/** The `Access-Control-Allow-Origin` the emulator answers a page of `origin` with. */
async function allowedOrigin(url: string, origin: string) {
  return (await fetch(`${url}/AAAAAAAAAAAAAAAAAAAA`, { headers: { origin } })).headers.get(
    'access-control-allow-origin',
  );
}

describe('filestack emulator', () => {
  it('takes its secret from FS_EMULATOR_SECRET, never prints it, and stops on Ctrl-C', async () => {
    const secret = 'emulator-secret-from-env';
    const emu = await startEmulatorCommand([], { FS_EMULATOR_SECRET: secret });
    expect(emu.url, emu.output().stderr).toBeDefined();
    expect(emu.stdout).toMatch(/security enforced \(app secret from \$FS_EMULATOR_SECRET\)/);
    expect(emu.stdout).toContain(
      `export FILESTACK_ENDPOINT=${emu.url} FILESTACK_API_KEY=FsEmulatorDefaultKey01`,
    );
    const dataDir = /data\s+(\S+) \(removed on exit\)/.exec(emu.stdout)![1]!;
    expect(await startStatus(emu.url!)).toBe(403);
    emu.child.kill('SIGINT');
    const result = await emu.done;
    expect(result.code).toBe(0);
    expect(result.stdout + result.stderr).not.toContain(secret);
    await expect(access(dataDir)).rejects.toThrow();
  });

  it('reads the secret from the variable --secret-env names, with --apikey as its key', async () => {
    const emu = await startEmulatorCommand(
      ['--secret-env', 'MY_EMULATOR_SECRET', '--apikey', 'MyOwnKey1'],
      {
        MY_EMULATOR_SECRET: 'named-variable-secret',
      },
    );
    expect(emu.stdout).toMatch(/apikey\s+MyOwnKey1/);
    expect(await startStatus(emu.url!, 'MyOwnKey1')).toBe(403);
    emu.child.kill('SIGINT');
    expect((await emu.done).code).toBe(0);
  });

  it('runs without security when no secret is given, and says how to turn it on', async () => {
    const emu = await startEmulatorCommand([]);
    expect(emu.stdout).toMatch(/security off \(set FS_EMULATOR_SECRET to enforce\)/);
    expect(await startStatus(emu.url!)).toBe(200);
    emu.child.kill('SIGTERM');
    expect((await emu.done).code).toBe(0);
  });

  it('answers the pages of --cors and the host names of --allowed-host, and no others', async () => {
    const page = 'https://app.example.com';
    const plain = await startEmulatorCommand([]);
    const opened = await startEmulatorCommand([
      '--cors',
      page,
      '--allowed-host',
      'fs-emulator',
      '--allowed-host',
      '.dev.test',
    ]);
    try {
      expect(opened.stdout).toContain(`browsers pages on localhost, ${page}`);
      expect(await allowedOrigin(opened.url!, page)).toBe(page);
      expect(await allowedOrigin(opened.url!, 'https://other.example.com')).toBeNull();
      expect(await allowedOrigin(plain.url!, page)).toBeNull();
      const path = '/AAAAAAAAAAAAAAAAAAAA';
      expect(await statusWithHost(`${opened.url}${path}`, 'fs-emulator')).toBe(404);
      expect(await statusWithHost(`${opened.url}${path}`, 'api.dev.test')).toBe(404);
      expect(await statusWithHost(`${opened.url}${path}`, 'evil.example')).toBe(403);
      expect(await statusWithHost(`${plain.url}${path}`, 'fs-emulator')).toBe(403);
    } finally {
      plain.child.kill('SIGINT');
      opened.child.kill('SIGINT');
      await Promise.all([plain.done, opened.done]);
    }
  });

  it('refuses a --cors that is not an origin with exit code 2, naming the flag', async () => {
    const run = await cli(['emulator', '--port', '0', '--cors', 'app.example.com']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--cors: "app\.example\.com" is not a URL/);
  });

  it('refuses a --secret-env that is not set, and a bad port, with exit code 2', async () => {
    expect((await cli(['emulator', '--secret-env', 'NOPE'])).code).toBe(2);
    expect((await cli(['emulator', '--port', 'eighty'])).code).toBe(2);
  });
});

describe('--emulator', () => {
  it('runs a command on an embedded emulator whose files are gone when it ends, and says so', async () => {
    const path = await files.write('try.txt', 'trying it out');
    const run = await cli(['--emulator', 'upload', path, '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(
      /embedded emulator at http:\/\/127\.0\.0\.1:\d+; its files are deleted when this command ends/,
    );
    const { url } = JSON.parse(run.stdout);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\w{20}$/);
    // The emulator, and the file with it, are gone.
    await expect(fetch(url)).rejects.toThrow();
  });

  it('gives the app secret to the embedded emulator, which enforces it, and signs with it', async () => {
    const path = await files.write('signed.txt', 'signed');
    const run = await cli(['--emulator', 'upload', path], {
      env: { FILESTACK_APP_SECRET: 'embedded-secret' },
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout + run.stderr).not.toContain('embedded-secret');
  });
});
