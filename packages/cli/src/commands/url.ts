import { ValidationError } from '@fs/core';
import { Security } from '@fs/security';
import { parseTransformUrl, transformUrl } from '@fs/transform';
import { Command } from 'commander';
import type { Act } from '../command-action.js';
import type { CliContext } from '../context.js';
import { EXIT, type ExitCode, UsageError } from '../exit-codes.js';
import { addExpiryAndCallFlags, type PolicyFlags, policyFrom } from '../policy-flags.js';
import { ENV } from '../settings.js';
import { readSourceArg } from '../source-arg.js';
import { parseTaskArg } from '../task-args.js';

interface UrlFlags extends Pick<PolicyFlags, 'expiry' | 'call'> {
  sign?: boolean;
  parse?: boolean;
}

export function urlCommand(act: Act): Command {
  return addExpiryAndCallFlags(
    new Command('url')
      .description('print the CDN URL of a file, with processing tasks in the service syntax')
      .argument('<handle|url>', 'a handle, a CDN URL (its tasks are kept), or an external URL')
      .argument('[tasks...]', 'tasks such as resize=width:400 flip output=format:webp')
      .option('--sign', 'sign the URL with a policy made with the app secret')
      .option('--parse', 'print the source and tasks of a processing URL as JSON'),
    'read,convert',
  )
    .addHelpText(
      'after',
      `
Tasks are written as in the URL: name, or name=key:value,key:value with lists as [a,b]. Each is
checked (names, parameters, ranges) before the URL is printed. --expiry and --call shape the
policy of --sign.

Examples:
  $ filestack url aBcDeFgHiJkLmNoPqRsT resize=width:400 flip
  $ filestack url aBcDeFgHiJkLmNoPqRsT crop=dim:[0,0,200,200] output=format:png --sign --expiry 1d
  $ filestack url https://example.com/cat.jpg resize=width:100    # needs the API key
  $ filestack url --parse 'https://cdn.filestackcontent.com/resize=width:400/flip/aBcDeFgHiJkLmNoPqRsT'`,
    )
    .action(act(url));
}

async function url(
  context: CliContext,
  arg: string,
  taskArgs: string[],
  flags: UrlFlags,
): Promise<ExitCode> {
  if (flags.parse) return parse(context, arg, taskArgs);
  const tasks = taskArgs.map(parseTaskArg);
  const connection = await context.connect({ keyOptional: true });
  const from = readSourceArg(arg, connection.urls);
  let security = from.security;
  if (flags.sign) {
    const signed = new Security(policyFrom(flags), context.requireAppSecret('--sign'));
    security = { policy: signed.policyB64, signature: signed.signature };
  }
  let result: string;
  try {
    result = transformUrl(from.source, [...from.tasks, ...tasks], {
      urls: { cdn: from.cdn },
      apikey: connection.apikey,
      security,
    });
  } catch (error) {
    if (ValidationError.isInstance(error) && error.option === 'apikey') {
      throw new UsageError(
        'a URL of an external file or a zip carries the API key',
        `set ${ENV.apikey} or pass --apikey`,
      );
    }
    throw error;
  }
  context.output.result({ url: result }, result);
  return EXIT.ok;
}

function parse(context: CliContext, arg: string, taskArgs: string[]): ExitCode {
  if (taskArgs.length > 0) {
    throw new UsageError('--parse reads one URL and takes no tasks');
  }
  const parsed = parseTransformUrl(arg);
  // The URL's policy and signature are not repeated: whether it is signed is what matters here.
  const record = {
    source: parsed.source,
    tasks: parsed.tasks,
    ...(parsed.apikey === undefined ? {} : { apikey: parsed.apikey }),
    cdn: parsed.urls.cdn,
    signed: parsed.security !== undefined,
  };
  context.output.result(record, JSON.stringify(record, null, 2));
  return EXIT.ok;
}
