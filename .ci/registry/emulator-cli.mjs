/**
 * node emulator-cli.mjs <project>: runs `npx fs-emulator --port 0` in a project that installed
 * @fs/emulator, waits for the address it prints, starts an upload there as a client would, and
 * stops it as Ctrl-C does (SIGINT to its process group: npm, its shell and the CLI). Fails unless
 * the upload API answers and the CLI says it stopped.
 */
import { spawn } from 'node:child_process';

const cli = spawn('npx', ['fs-emulator', '--port', '0'], {
  cwd: process.argv[2],
  stdio: ['ignore', 'pipe', 'inherit'],
  detached: true,
});
let stdout = '';
cli.stdout.on('data', (chunk) => {
  stdout += chunk;
});
const exited = new Promise((resolve) => cli.on('exit', (code, signal) => resolve(code ?? signal)));

const deadline = Date.now() + 120_000;
let url;
while (!url && Date.now() < deadline && cli.exitCode === null) {
  url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1];
  await new Promise((resolve) => setTimeout(resolve, 100));
}
try {
  if (!url) throw new Error(`fs-emulator printed no address:\n${stdout}`);
  const apikey = /"apikey": "(\w+)"/.exec(stdout)?.[1];
  const answer = await fetch(`${url}/multipart/start`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ apikey, filename: 'hello.txt', mimetype: 'text/plain', size: 5 }),
  });
  const body = await answer.json();
  if (answer.status !== 200 || typeof body.upload_id !== 'string') {
    throw new Error(`POST /multipart/start answered ${answer.status} ${JSON.stringify(body)}`);
  }
  console.log(`fs-emulator: listening on ${url}; /multipart/start answered an upload id`);
} finally {
  process.kill(-cli.pid, 'SIGINT');
}
// npm exits as its child did, or re-raises the SIGINT it was sent itself.
const code = await exited;
if ((code !== 0 && code !== 'SIGINT') || !/stopped/.test(stdout)) {
  throw new Error(`fs-emulator did not stop cleanly on SIGINT (${code}):\n${stdout}`);
}
