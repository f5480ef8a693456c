import { spawn } from 'node:child_process';
import { access } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../bin/fs-emulator.js', import.meta.url));

function run(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [BIN, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const ready = async () => {
    for (let i = 0; i < 300 && !stdout.includes('Ctrl-C'); i++) {
      if (child.exitCode !== null) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return stdout;
  };
  return { child, exited, ready, output: () => ({ stdout, stderr }) };
}

describe('fs-emulator CLI', () => {
  it('prints the URLs and a client config, serves them, and stops cleanly on SIGINT', async () => {
    const secret = 'cli-secret-never-printed';
    const cli = run(['--port', '0', '--secret', secret]);
    const stdout = await cli.ready();
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1];
    expect(url, cli.output().stderr).toBeDefined();
    const config = JSON.parse(/Client config:\n(\{[\s\S]*?\n\})/.exec(stdout)![1]!);
    expect(config).toEqual({
      apikey: 'FsEmulatorDefaultKey01',
      urls: { upload: url, cdn: url, api: `${url}/api`, process: url },
    });
    expect(stdout).toMatch(/security enforced/);
    expect(stdout).not.toContain(secret);
    const dataDir = /data\s+(\S+) \(removed on exit\)/.exec(stdout)![1]!;
    const start = await fetch(`${url}/multipart/start`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ apikey: config.apikey, filename: 'a', size: 1 }),
    });
    expect(start.status).toBe(403); // the secret is enforced
    cli.child.kill('SIGINT');
    expect(await cli.exited).toBe(0);
    expect(cli.output().stdout).toMatch(/stopped/);
    await expect(access(dataDir)).rejects.toThrow();
  });

  it('prints help, and refuses a bad port with exit code 2', async () => {
    const help = run(['--help']);
    expect(await help.exited).toBe(0);
    expect(help.output().stdout).toMatch(/Usage: fs-emulator/);
    const bad = run(['--port', 'eighty']);
    expect(await bad.exited).toBe(2);
    expect(bad.output().stderr).toMatch(/--port/);
  });

  it('takes the app secret from FS_EMULATOR_SECRET, never printing it', async () => {
    const secret = 'secret-from-the-environment';
    const cli = run(['--port', '0'], { FS_EMULATOR_SECRET: secret });
    const stdout = await cli.ready();
    try {
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1];
      expect(url, cli.output().stderr).toBeDefined();
      expect(stdout).toMatch(/security enforced \(app secret from FS_EMULATOR_SECRET\)/);
      expect(stdout).toContain('curl -H "Authorization: Bearer $FS_EMULATOR_SECRET"');
      expect(stdout).not.toContain(secret);
      const start = await fetch(`${url}/multipart/start`, {
        method: 'POST',
        body: JSON.stringify({ apikey: 'FsEmulatorDefaultKey01', filename: 'a', size: 1 }),
      });
      expect(start.status).toBe(403);
      const stats = (authorization?: string) =>
        fetch(`${url}/__emulator/stats`, { headers: authorization ? { authorization } : {} });
      expect((await stats()).status).toBe(401);
      expect((await stats(`Bearer ${secret}`)).status).toBe(200);
    } finally {
      cli.child.kill('SIGINT');
      await cli.exited;
    }
  });

  it('takes the app secret from the variable --secret-env names, which must be set', async () => {
    const cli = run(['--port', '0', '--secret-env', 'MY_APP_SECRET'], { MY_APP_SECRET: 'x1' });
    const stdout = await cli.ready();
    cli.child.kill('SIGINT');
    await cli.exited;
    expect(stdout).toMatch(/app secret from MY_APP_SECRET/);
    const unset = run(['--port', '0', '--secret-env', 'NOT_SET_ANYWHERE']);
    expect(await unset.exited).toBe(2);
    expect(unset.output().stderr).toMatch(/NOT_SET_ANYWHERE is not set/);
  });

  it('opens to the pages of --cors and the names of --allowed-host', async () => {
    const cli = run([
      '--port',
      '0',
      '--cors',
      'https://app.example.com',
      '--allowed-host',
      'emulator',
    ]);
    const stdout = await cli.ready();
    try {
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1];
      expect(url, cli.output().stderr).toBeDefined();
      const answer = await fetch(`${url}/AAAAAAAAAAAAAAAAAAAA`, {
        headers: { origin: 'https://app.example.com' },
      });
      expect(answer.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
      const named = await new Promise<number>((resolve, reject) => {
        const outgoing = httpRequest(
          `${url}/AAAAAAAAAAAAAAAAAAAA`,
          { headers: { host: 'emulator:4000' } },
          (incoming) => {
            incoming.resume();
            resolve(incoming.statusCode ?? 0);
          },
        );
        outgoing.on('error', reject);
        outgoing.end();
      });
      expect(named).toBe(404);
    } finally {
      cli.child.kill('SIGINT');
      await cli.exited;
    }
    const bad = run(['--port', '0', '--cors', 'app.example.com']);
    expect(await bad.exited).toBe(2);
    expect(bad.output().stderr).toMatch(/cors: "app.example.com" is not a URL/);
  });
});
