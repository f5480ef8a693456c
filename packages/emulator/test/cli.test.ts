import { spawn } from 'node:child_process';
import { access } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../bin/fs-emulator.js', import.meta.url));

function run(args: string[]) {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
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
});
