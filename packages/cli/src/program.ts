import { Command } from 'commander';
import type { Act } from './command-action.js';
import { convertCommand } from './commands/convert.js';
import { downloadCommand } from './commands/download.js';
import { emulatorCommand } from './commands/emulator.js';
import { deleteCommand, metadataCommand, storeCommand } from './commands/files.js';
import { signCommand } from './commands/sign.js';
import { uploadCommand } from './commands/upload.js';
import { urlCommand } from './commands/url.js';
import { webhookCommand } from './commands/webhook.js';
import type { OutputStream } from './output.js';
import { ENV } from './settings.js';

declare const __CLI_VERSION__: string;

/** The version of `@fs/cli` in this build, stamped by the build. */
export const VERSION: string = __CLI_VERSION__;

/**
 * The `filestack` command and its subcommands. Usage errors throw (commander's `exitOverride`)
 * so the caller decides the exit code; help and errors go to the given streams.
 */
export function createProgram(
  act: Act,
  streams: { stdout: OutputStream; stderr: OutputStream },
): Command {
  const program = new Command('filestack')
    .description(
      'Upload files, make URLs, sign policies, check webhooks and run a local Filestack.',
    )
    .version(VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help (every command has its own, with examples)')
    .option('--apikey <key>', `your API key (default: $${ENV.apikey})`)
    .option(
      '--app-secret-env <name>',
      `read the app secret from $<name> (default: $${ENV.appSecret}); needed with security on`,
    )
    .option('--app-secret <secret>', 'the app secret itself: visible to other users in `ps`')
    .option(
      '--webhook-secret-env <name>',
      `read the webhook secret from $<name> (default: $${ENV.webhookSecret})`,
    )
    .option('--webhook-secret <secret>', 'the webhook secret itself: visible in `ps`')
    .option(
      '--endpoint <url>',
      `send everything to this origin, e.g. an emulator (default: $${ENV.endpoint})`,
    )
    .option(
      '--emulator',
      'start an embedded emulator for this run (its files are deleted at the end)',
    )
    .option('--json', 'print one JSON object per result (NDJSON) on stdout')
    .option('-q, --quiet', 'print results and errors only: no progress, no notes')
    .option('-v, --verbose', 'add the causes of errors and each retry (never a secret)')
    .showHelpAfterError('(add --help for usage)')
    // Each command's help lists the options every command takes, too.
    .configureHelp({ showGlobalOptions: true })
    .exitOverride()
    .configureOutput({
      writeOut: (text) => streams.stdout.write(text),
      writeErr: (text) => streams.stderr.write(text),
    })
    .addHelpText(
      'after',
      `
Configuration comes from the environment (${ENV.apikey}, ${ENV.appSecret},
${ENV.webhookSecret}, ${ENV.endpoint}) or from the flags above; a flag beats the environment.
Secrets are never positional arguments, and are never printed.

Exit codes: 0 all done, 1 some file or check failed, 2 usage error, 130 interrupted,
141 stdout closed by its reader.

Examples:
  $ filestack --emulator upload photo.jpg       # try it with no account
  $ export ${ENV.apikey}=...
  $ filestack upload ./photos --json
  $ filestack url aBcDeFgHiJkLmNoPqRsT resize=width:400 flip
  $ filestack sign --expiry 1h --call read`,
    );
  for (const command of [
    uploadCommand,
    downloadCommand,
    urlCommand,
    signCommand,
    webhookCommand,
    convertCommand,
    metadataCommand,
    deleteCommand,
    storeCommand,
    emulatorCommand,
  ]) {
    program.addCommand(inheritSettings(command(act), program));
  }
  return program;
}

/**
 * Gives a command made with `new Command()` (and its own subcommands) the program's output
 * streams, its help after errors and, above all, `exitOverride`, so that no parse error exits the
 * process from inside `run()`.
 */
function inheritSettings(command: Command, parent: Command): Command {
  command.copyInheritedSettings(parent);
  for (const sub of command.commands) inheritSettings(sub, command);
  return command;
}
