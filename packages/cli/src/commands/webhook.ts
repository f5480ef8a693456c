import { readFile } from 'node:fs/promises';
import { buffer } from 'node:stream/consumers';
import { DEFAULT_TOLERANCE_SECONDS, verifyWebhookSignature } from '@fs/webhooks';
import { Command } from 'commander';
import type { Act } from '../command-action.js';
import type { CliContext } from '../context.js';
import { EXIT, type ExitCode, UsageError } from '../exit-codes.js';
import { integerOption } from '../option-values.js';
import { ENV } from '../settings.js';

interface VerifyFlags {
  bodyFile: string;
  signature: string;
  timestamp: string;
  /** Seconds, or `false` for `--no-tolerance`. */
  tolerance: string | false;
}

export function webhookCommand(act: Act): Command {
  const verify = new Command('verify')
    .description('check that a webhook delivery was signed with your webhook secret')
    .requiredOption('--body-file <file>', 'the raw body as received (- for stdin)')
    .requiredOption('--signature <hex>', 'the FS-Signature header')
    .requiredOption('--timestamp <seconds>', 'the FS-Timestamp header')
    .option(
      '--tolerance <seconds>',
      'how old (or how far ahead) the timestamp may be',
      String(DEFAULT_TOLERANCE_SECONDS),
    )
    .option('--no-tolerance', 'do not check the age (to check an old delivery)')
    .addHelpText(
      'after',
      `
The signature and the timestamp's age are reported apart: an old delivery with a good signature
says so. Exit code 0 when valid, 1 when not, with the reason. The secret comes from
$${ENV.webhookSecret} (or --webhook-secret-env NAME).

Examples:
  $ filestack webhook verify --body-file body.json --signature 57cb... --timestamp 1700000000
  $ filestack webhook verify --body-file - --signature "$SIG" --timestamp "$TS" --no-tolerance < body.json`,
    )
    .action(act(verifyDelivery));
  return new Command('webhook')
    .description('webhook tools: verify a delivery')
    .addHelpText(
      'after',
      `
Example:
  $ filestack webhook verify --body-file body.json --signature 57cb... --timestamp 1700000000`,
    )
    .addCommand(verify);
}

async function verifyDelivery(context: CliContext, flags: VerifyFlags): Promise<ExitCode> {
  const tolerance =
    flags.tolerance === false
      ? undefined
      : integerOption('--tolerance', flags.tolerance, 0, Number.MAX_SAFE_INTEGER);
  const secret = context.webhookSecret();
  if (secret === undefined) {
    throw new UsageError(
      'webhook verify needs the webhook secret',
      `set ${ENV.webhookSecret} (or name another variable with --webhook-secret-env)`,
    );
  }
  const body = await readBody(context, flags.bodyFile);
  const headers = { 'FS-Signature': flags.signature, 'FS-Timestamp': flags.timestamp };
  // The signature alone first (no replay window), then the age, so each is reported.
  const signature = await verifyWebhookSignature(secret, body, headers, {
    toleranceSeconds: Number.POSITIVE_INFINITY,
  });
  const timestamp = /^\d{1,15}$/.test(flags.timestamp) ? Number(flags.timestamp) : undefined;
  const ageSeconds =
    timestamp === undefined ? undefined : Math.round(Date.now() / 1000 - timestamp);
  const fresh =
    tolerance === undefined || (ageSeconds !== undefined && Math.abs(ageSeconds) <= tolerance);
  const valid = signature.valid && fresh;
  const reason = !signature.valid
    ? signature.error.message
    : fresh
      ? undefined
      : `FS-Timestamp is ${describeAge(ageSeconds!)}, outside the ${tolerance} s window`;

  const ageLine =
    ageSeconds === undefined
      ? 'timestamp: not unix seconds'
      : `timestamp: ${new Date(timestamp! * 1000).toISOString()}, ${describeAge(ageSeconds)}${
          tolerance === undefined
            ? ' (not checked: --no-tolerance)'
            : fresh
              ? `, within the ${tolerance} s window`
              : `, outside the ${tolerance} s window`
        }`;
  context.output.result(
    {
      valid,
      signature: signature.valid ? 'valid' : signature.reason,
      timestamp,
      ageSeconds,
      toleranceSeconds: tolerance ?? null,
      ...(reason === undefined ? {} : { reason }),
    },
    [
      `signature: ${signature.valid ? 'valid' : `invalid (${signature.error.message})`}`,
      ageLine,
      valid ? 'valid' : `invalid: ${reason}`,
    ].join('\n'),
  );
  return valid ? EXIT.ok : EXIT.failed;
}

async function readBody(context: CliContext, file: string): Promise<Uint8Array> {
  if (file === '-') return buffer(context.stdin);
  try {
    return await readFile(file);
  } catch (error) {
    throw new UsageError(`--body-file: cannot read ${file}: ${(error as Error).message}`);
  }
}

function describeAge(seconds: number): string {
  return seconds >= 0 ? `${seconds} s old` : `${-seconds} s in the future`;
}
