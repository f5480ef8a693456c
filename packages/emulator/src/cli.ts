import { parseArgs } from 'node:util';
import { startEmulator } from './emulator.js';
import type { EmulatorOptions } from './types.js';

const HELP = `Usage: fs-emulator [options]

A local Filestack-compatible server (upload API, file API, CDN, /process).

Options:
  --port <n>          port to listen on (default 4000; 0 = any free port)
  --host <addr>       interface to listen on (default 127.0.0.1)
  --public-url <url>  origin written into answers, for a proxy in front (default: its own)
  --data-dir <dir>    keep files in <dir> across restarts (default: a temp dir, removed on exit)
  --secret <s>        app secret: enforce policies and signatures
  --apikey <key>      the API key to accept (default FsEmulatorDefaultKey01)
  --no-intelligent    answer uploads as an app without Intelligent Ingestion
  --seed <n>          seed of probabilistic faults (default 1)
  --webhook <url>     send signed webhooks to <url> (repeat for several endpoints)
  --webhook-secret <s>  key of FS-Signature (default fs-emulator-webhook-secret)
  -h, --help          show this help
`;

function fail(message: string): never {
  process.stderr.write(`fs-emulator: ${message}\n\n${HELP}`);
  process.exit(2);
}

async function main(): Promise<void> {
  let values: ReturnType<typeof parse>['values'];
  function parse() {
    return parseArgs({
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'public-url': { type: 'string' },
        'data-dir': { type: 'string' },
        secret: { type: 'string' },
        apikey: { type: 'string' },
        'no-intelligent': { type: 'boolean' },
        seed: { type: 'string' },
        webhook: { type: 'string', multiple: true },
        'webhook-secret': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    });
  }
  try {
    values = parse().values;
  } catch (error) {
    fail((error as Error).message);
  }
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const port = values.port === undefined ? 4000 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    fail(`--port: got ${values.port}; expected an integer from 0 to 65535`);
  }
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  if (seed !== undefined && !Number.isFinite(seed)) fail(`--seed: got ${values.seed}`);
  const options: EmulatorOptions = {
    port,
    host: values.host,
    publicUrl: values['public-url'],
    dataDir: values['data-dir'],
    secret: values.secret,
    apikey: values.apikey,
    intelligent: !values['no-intelligent'],
    seed,
    webhooks: { urls: values.webhook ?? [], secret: values['webhook-secret'] },
  };
  const emu = await startEmulator(options);
  const { urls } = emu;
  const config = JSON.stringify({ apikey: emu.apikey, urls }, null, 2);
  process.stdout.write(
    [
      `fs-emulator listening on ${emu.url}`,
      `  upload   ${urls.upload}/multipart/start`,
      `  cdn      ${urls.cdn}/<handle>`,
      `  file API ${urls.api}/file/<handle>`,
      `  process  ${urls.process}/process`,
      `  apikey   ${emu.apikey}`,
      `  security ${emu.secret ? 'enforced (app secret set)' : 'off (start with --secret to enforce)'}`,
      `  data     ${emu.dataDir}${values['data-dir'] ? '' : ' (removed on exit)'}`,
      `  webhooks ${emu.webhooks.endpoints().join(', ') || 'none (add with --webhook or POST /__emulator/webhooks)'}`,
      '',
      'Client config:',
      config,
      '',
      `Faults:  curl -X POST ${emu.url}/__emulator/faults -d '{"route":"put","kind":"status","nth":[2]}'`,
      `Stats:   curl ${emu.url}/__emulator/stats`,
      `Hooks:   curl ${emu.url}/__emulator/webhooks`,
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await emu.close();
    process.stdout.write('fs-emulator stopped\n');
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`fs-emulator: ${(error as Error).message}\n`);
  process.exit(1);
});
