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
  --secret-env <name> read the app secret from the environment variable <name>
                      (default FS_EMULATOR_SECRET, when it is set): enforce policies and
                      signatures, and require it as a token on /__emulator/*
  --secret <s>        the app secret itself; visible to every user of this machine in ps,
                      prefer --secret-env
  --apikey <key>      the API key to accept (default FsEmulatorDefaultKey01)
  --no-intelligent    answer uploads as an app without Intelligent Ingestion
  --seed <n>          seed of probabilistic faults (default 1)
  --webhook <url>     send signed webhooks to <url> (repeat for several endpoints)
  --webhook-secret-env <name>  read the key of FS-Signature from <name> (default
                      FS_EMULATOR_WEBHOOK_SECRET, when set; else fs-emulator-webhook-secret)
  --webhook-secret <s>  the key itself (visible in ps)
  --cors <origin>     let pages of <origin> call it from a browser (repeat; * for any page);
                      pages on localhost, 127.0.0.1 and [::1] always may
  --allowed-host <name>  answer requests for <name> too, e.g. a docker-compose service
                      (repeat; .name for subdomains; * for any); localhost, *.localhost and
                      IP addresses always work
  -h, --help          show this help
`;

/** Where the app secret is read by default, so that it stays out of `ps`. */
const SECRET_ENV = 'FS_EMULATOR_SECRET';
const WEBHOOK_SECRET_ENV = 'FS_EMULATOR_WEBHOOK_SECRET';

/** A secret and where it came from (never printed itself). */
interface Secret {
  value: string;
  /** `--secret`, or the environment variable's name. */
  from: string;
  variable?: string;
}

/**
 * A secret from `--<flag>` (visible in `ps`), else the variable named by `--<flag>-env` (which
 * must be set), else the default variable when it is set; undefined when none. The `filestack`
 * command reads its secrets the same way.
 */
function secretOption(
  given: string | undefined,
  variable: string | undefined,
  flag: string,
  fallback: string,
): Secret | undefined {
  if (given !== undefined) return { value: given, from: `--${flag}` };
  const name = variable ?? fallback;
  const value = process.env[name];
  if (value === undefined || value === '') {
    if (variable !== undefined) fail(`--${flag}-env: the environment variable ${name} is not set`);
    return undefined;
  }
  return { value, from: name, variable: name };
}

/** A repeated flag's values, or `'*'` when one of them is `*`. */
function everyOr(values: string[] | undefined): string[] | '*' | undefined {
  return values?.includes('*') ? '*' : values;
}

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
        'secret-env': { type: 'string' },
        apikey: { type: 'string' },
        'no-intelligent': { type: 'boolean' },
        seed: { type: 'string' },
        webhook: { type: 'string', multiple: true },
        'webhook-secret': { type: 'string' },
        'webhook-secret-env': { type: 'string' },
        cors: { type: 'string', multiple: true },
        'allowed-host': { type: 'string', multiple: true },
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
  const secret = secretOption(values.secret, values['secret-env'], 'secret', SECRET_ENV);
  const webhookSecret = secretOption(
    values['webhook-secret'],
    values['webhook-secret-env'],
    'webhook-secret',
    WEBHOOK_SECRET_ENV,
  );
  const options: EmulatorOptions = {
    port,
    host: values.host,
    publicUrl: values['public-url'],
    dataDir: values['data-dir'],
    secret: secret?.value,
    apikey: values.apikey,
    intelligent: !values['no-intelligent'],
    seed,
    webhooks: { urls: values.webhook ?? [], secret: webhookSecret?.value },
    cors: everyOr(values.cors),
    allowedHosts: everyOr(values['allowed-host']),
  };
  let emu: Awaited<ReturnType<typeof startEmulator>>;
  try {
    emu = await startEmulator(options);
  } catch (error) {
    if (error instanceof TypeError) fail(error.message);
    throw error;
  }
  const { urls } = emu;
  // The control routes take the secret as a token; the hint names where it is, never its value.
  const token = secret ? ` -H "Authorization: Bearer $${secret.variable ?? 'SECRET'}"` : '';
  const config = JSON.stringify({ apikey: emu.apikey, urls }, null, 2);
  process.stdout.write(
    [
      `fs-emulator listening on ${emu.url}`,
      `  upload   ${urls.upload}/multipart/start`,
      `  cdn      ${urls.cdn}/<handle>`,
      `  file API ${urls.api}/file/<handle>`,
      `  process  ${urls.process}/process`,
      `  apikey   ${emu.apikey}`,
      `  security ${secret ? `enforced (app secret from ${secret.from})` : `off (set ${SECRET_ENV} to enforce)`}`,
      `  browsers pages on localhost${values.cors ? `, ${values.cors.join(', ')}` : ''}`,
      `  data     ${emu.dataDir}${values['data-dir'] ? '' : ' (removed on exit)'}`,
      `  webhooks ${emu.webhooks.endpoints().join(', ') || 'none (add with --webhook or POST /__emulator/webhooks)'}`,
      '',
      'Client config:',
      config,
      '',
      `Faults:  curl${token} -X POST ${emu.url}/__emulator/faults -d '{"route":"put","kind":"status","nth":[2]}'`,
      `Stats:   curl${token} ${emu.url}/__emulator/stats`,
      `Hooks:   curl${token} ${emu.url}/__emulator/webhooks`,
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
