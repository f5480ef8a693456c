import { Command } from 'commander';
import type { Act } from '../command-action.js';
import type { CliContext } from '../context.js';
import { loadEmulator } from '../emulator-loader.js';
import { EXIT, type ExitCode, UsageError } from '../exit-codes.js';
import { collect, integerOption } from '../option-values.js';
import { ENV } from '../settings.js';

/** Where the emulator's app secret is read from unless `--secret-env` names another variable. */
export const EMULATOR_SECRET_ENV = 'FS_EMULATOR_SECRET';

interface EmulatorFlags {
  port: string;
  host?: string;
  dataDir?: string;
  secretEnv?: string;
  secret?: string;
  webhook?: string[];
  cors?: string[];
  allowedHost?: string[];
}

export function emulatorCommand(act: Act): Command {
  return new Command('emulator')
    .description('run @fs/emulator, a local Filestack, until Ctrl-C')
    .option('--port <n>', 'port to listen on (0: any free port)', '4000')
    .option('--host <addr>', 'interface to listen on (default 127.0.0.1, loopback only)')
    .option(
      '--data-dir <dir>',
      'keep files in <dir> across runs (default: a temp dir, removed on exit)',
    )
    .option(
      '--secret-env <name>',
      `enforce policies, with the app secret read from $<name> (default $${EMULATOR_SECRET_ENV})`,
    )
    .option(
      '--secret <secret>',
      'the app secret itself: visible to other users in `ps`, prefer --secret-env',
    )
    .option('--webhook <url>', 'send signed webhooks to <url> (repeatable)', collect)
    .option(
      '--cors <origin>',
      'let pages of <origin> call it from a browser (repeatable; * for any page); pages on localhost always may',
      collect,
    )
    .option(
      '--allowed-host <name>',
      'answer requests for <name> too, e.g. a docker-compose service (repeatable; .name for subdomains; * for any)',
      collect,
    )
    .addHelpText(
      'after',
      `
Security is off unless an app secret is given: set $${EMULATOR_SECRET_ENV} (or name another
variable with --secret-env; --secret works too but shows in \`ps\`). The API key is
--apikey, else the emulator's own. Webhooks are signed with $${ENV.webhookSecret} when set, so
\`filestack webhook verify\` checks them with the same environment. @fs/emulator is an optional
dependency of the CLI (it brings sharp); install it where it is missing.

Examples:
  $ filestack emulator --port 4000 --data-dir ./fs-data
  $ ${EMULATOR_SECRET_ENV}=s3cret filestack emulator
  $ filestack emulator --host 0.0.0.0 --allowed-host fs-emulator --cors http://app.test:5173
  $ export FILESTACK_ENDPOINT=http://127.0.0.1:4000 FILESTACK_API_KEY=FsEmulatorDefaultKey01`,
    )
    .action(act(emulator));
}

async function emulator(context: CliContext, flags: EmulatorFlags): Promise<ExitCode> {
  const port = integerOption('--port', flags.port, 0, 65_535);
  const secret = emulatorSecret(context, flags);
  const webhookSecret = context.webhookSecret();
  const { startEmulator } = await loadEmulator();
  const emu = await startEmulator({
    port,
    host: flags.host,
    dataDir: flags.dataDir,
    apikey: context.options.apikey,
    secret,
    webhooks: { urls: flags.webhook ?? [], secret: webhookSecret },
    cors: everyOr(flags.cors),
    allowedHosts: everyOr(flags.allowedHost),
  }).catch((error: unknown) => {
    // startEmulator checks its options first and names the bad one: say it as its flag.
    if (!(error instanceof TypeError)) throw error;
    throw new UsageError(flagsNamed(error.message));
  });
  const { urls } = emu;
  const security = secret
    ? `enforced (app secret from ${flags.secret === undefined ? `$${flags.secretEnv ?? EMULATOR_SECRET_ENV}` : '--secret'})`
    : `off (set ${EMULATOR_SECRET_ENV} to enforce)`;
  const data = `${emu.dataDir}${flags.dataDir === undefined ? ' (removed on exit)' : ''}`;
  context.output.result(
    { url: emu.url, urls, apikey: emu.apikey, dataDir: emu.dataDir, security: Boolean(secret) },
    [
      `filestack emulator listening on ${emu.url}`,
      `  upload   ${urls.upload}/multipart/start`,
      `  cdn      ${urls.cdn}/<handle>`,
      `  file API ${urls.api}/file/<handle>`,
      `  process  ${urls.process}/process`,
      `  apikey   ${emu.apikey}`,
      `  security ${security}`,
      `  browsers pages on localhost${flags.cors ? `, ${flags.cors.join(', ')}` : ''}`,
      `  data     ${data}`,
      `  webhooks ${emu.webhooks.endpoints().join(', ') || 'none (add with --webhook)'}`,
      '',
      'Use it from another shell:',
      `  export ${ENV.endpoint}=${emu.url} ${ENV.apikey}=${emu.apikey}`,
      '  filestack upload README.md',
      '',
      'Client config:',
      JSON.stringify({ apikey: emu.apikey, urls }, null, 2),
      '',
      'Press Ctrl-C to stop.',
    ].join('\n'),
  );
  await new Promise<void>((resolve) => {
    if (context.signal.aborted) resolve();
    else context.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await emu.close();
  context.output.info('filestack emulator stopped');
  return EXIT.ok;
}

/**
 * The emulator's app secret, by the scheme `fs-emulator` uses: from `$FS_EMULATOR_SECRET`, or
 * the variable `--secret-env` names, or `--secret` (which other users can see in `ps`).
 */
function emulatorSecret(context: CliContext, flags: EmulatorFlags): string | undefined {
  if (flags.secret !== undefined && flags.secretEnv !== undefined) {
    throw new UsageError('give the secret once: --secret-env or --secret');
  }
  if (flags.secret !== undefined) {
    context.output.keepSecret(flags.secret);
    return flags.secret;
  }
  const name = flags.secretEnv ?? EMULATOR_SECRET_ENV;
  const value = context.env[name] || undefined;
  context.output.keepSecret(value);
  if (flags.secretEnv !== undefined && value === undefined) {
    throw new UsageError(`--secret-env: ${name} is not set`, `export ${name}=... first`);
  }
  return value;
}

/** `['a', '*']` means any: the emulator takes `'*'` alone for that. */
function everyOr(values: string[] | undefined): string[] | '*' | undefined {
  return values?.includes('*') ? '*' : values;
}

/** The emulator's option names in one of its messages, as this command's flags. */
function flagsNamed(message: string): string {
  return message
    .replace(/^cors:/, '--cors:')
    .replace(/^allowedHosts:/, '--allowed-host:')
    .replace(/^apikey:/, '--apikey:');
}
