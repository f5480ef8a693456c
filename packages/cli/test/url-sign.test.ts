import { createHmac } from 'node:crypto';
import { useTempDir } from '@fs/test-kit';
import { describe, expect, it } from 'vitest';
import { cli, envFor, fileEmulator } from './helpers.js';

const SECRET = 'url-sign-app-secret';
const emu = fileEmulator({ secret: SECRET });
const files = useTempDir('fs-cli-test-');
/** The environment of a signed run against the emulator. */
const signedEnv = () => envFor(emu, { FILESTACK_APP_SECRET: SECRET });
const HANDLE = 'aBcDeFgHiJkLmNoPqRsT';

/** Uploads `content` with the CLI and resolves with its handle. */
async function upload(name: string, content: string): Promise<string> {
  const run = await cli(['upload', await files.write(name, content), '--json'], {
    env: signedEnv(),
  });
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout).handle;
}

describe('filestack url', () => {
  it('prints the CDN URL of tasks written in the service syntax', async () => {
    const run = await cli(
      ['url', HANDLE, 'resize=width:400,fit:crop', 'flip', 'crop=dim:[0,0,20,20]'],
      {
        env: envFor(emu),
      },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe(
      `${emu.url}/resize=fit:crop,width:400/flip/crop=dim:[0,0,20,20]/${HANDLE}\n`,
    );
  });

  it('prints Filestack URLs with no configuration at all, and --json as an object', async () => {
    const run = await cli(['url', HANDLE, 'rounded_corners=radius:10', '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      url: `https://cdn.filestackcontent.com/rounded_corners=radius:10/${HANDLE}`,
    });
  });

  it('keeps the tasks of a CDN URL it is given and appends the new ones', async () => {
    const run = await cli(['url', `${emu.url}/resize=width:400/${HANDLE}`, 'flip'], {
      env: signedEnv(),
    });
    expect(run.stdout).toBe(`${emu.url}/resize=width:400/flip/${HANDLE}\n`);
  });

  it('needs the API key for an external URL, and writes it into the URL', async () => {
    const missing = await cli(['url', 'https://example.com/cat.jpg', 'flip']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/FILESTACK_API_KEY/);
    const run = await cli(['url', 'https://example.com/cat.jpg', 'flip'], {
      env: { FILESTACK_API_KEY: 'KEY1' },
    });
    expect(run.stdout).toBe(
      'https://cdn.filestackcontent.com/KEY1/flip/https://example.com/cat.jpg\n',
    );
  });

  it('signs with --sign, and the emulator with the secret accepts the URL it prints', async () => {
    const handle = await upload('signed.txt', 'signed content');
    const unsigned = await cli(['url', handle], { env: signedEnv() });
    expect((await fetch(unsigned.stdout.trim())).status).toBe(403);
    const signed = await cli(['url', handle, '--sign', '--expiry', '10m', '--call', 'read'], {
      env: signedEnv(),
    });
    expect(signed.code, signed.stderr).toBe(0);
    const response = await fetch(signed.stdout.trim());
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('signed content');
  });

  it('refuses --sign without the app secret, and a hand-written security task', async () => {
    const run = await cli(['url', HANDLE, '--sign'], { env: envFor(emu) });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--sign needs the app secret; set FILESTACK_APP_SECRET/);
    const manual = await cli(['url', HANDLE, 'security=p:abc,s:def'], { env: signedEnv() });
    expect(manual.code).toBe(2);
    expect(manual.stderr).toMatch(/--sign/);
  });

  it('prints the tasks of a URL as JSON with --parse, without its policy', async () => {
    const url = `https://cdn.filestackcontent.com/resize=width:400/flip/security=p:eyJ9,s:${'a'.repeat(64)}/${HANDLE}`;
    const run = await cli(['url', '--parse', url, '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      source: HANDLE,
      tasks: [{ name: 'resize', params: { width: 400 } }, { name: 'flip' }],
      cdn: 'https://cdn.filestackcontent.com',
      signed: true,
    });
    expect(run.stdout).not.toContain('eyJ9');
  });
});

describe('filestack sign', () => {
  it('prints { policy, signature } signed with the app secret', async () => {
    const run = await cli(
      ['sign', '--expiry', '2h', '--call', 'read,convert', '--handle', HANDLE],
      { env: signedEnv() },
    );
    expect(run.code, run.stderr).toBe(0);
    const { policy, signature } = JSON.parse(run.stdout);
    expect(signature).toBe(createHmac('sha256', SECRET).update(policy).digest('hex'));
    const decoded = JSON.parse(Buffer.from(policy, 'base64url').toString());
    expect(decoded).toMatchObject({ call: ['read', 'convert'], handle: HANDLE });
    expect(decoded.expiry - Date.now() / 1000).toBeGreaterThan(7190);
    expect(decoded.expiry - Date.now() / 1000).toBeLessThan(7210);
  });

  it('prints the query string with --query, which the emulator accepts', async () => {
    const handle = await upload('query.txt', 'via query');
    const run = await cli(['sign', '--call', 'read', '--handle', handle, '--query'], {
      env: signedEnv(),
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^policy=[\w%-]+&signature=[0-9a-f]{64}\n$/);
    expect((await fetch(`${emu.url}/${handle}?${run.stdout.trim()}`)).status).toBe(200);
  });

  it('takes an ISO date or unix seconds, and refuses one in the past or in milliseconds', async () => {
    const iso = await cli(['sign', '--expiry', '2031-01-01T00:00:00Z'], { env: signedEnv() });
    const { policy } = JSON.parse(iso.stdout);
    expect(JSON.parse(Buffer.from(policy, 'base64url').toString())).toEqual({ expiry: 1924992000 });
    const seconds = await cli(['sign', '--expiry', '1924992000', '--json'], { env: signedEnv() });
    expect(JSON.parse(seconds.stdout).policy).toBe(policy);
    for (const expiry of ['2001-01-01', String(Date.now() + 60_000)]) {
      const run = await cli(['sign', '--expiry', expiry], { env: signedEnv() });
      expect(run.code, expiry).toBe(2);
      expect(run.stdout).toBe('');
    }
  });

  it('reads the secret from the variable --app-secret-env names, and refuses an unset one', async () => {
    const run = await cli(['sign', '--app-secret-env', 'MY_SECRET'], {
      env: { MY_SECRET: SECRET },
    });
    const { policy, signature } = JSON.parse(run.stdout);
    expect(signature).toBe(createHmac('sha256', SECRET).update(policy).digest('hex'));
    const unset = await cli(['sign', '--app-secret-env', 'NOT_SET'], { env: signedEnv() });
    expect(unset.code).toBe(2);
    expect(unset.stderr).toMatch(/NOT_SET is not set/);
  });
});
