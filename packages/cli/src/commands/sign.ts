import { Security } from '@fs/security';
import { Command } from 'commander';
import type { Act } from '../command-action.js';
import type { CliContext } from '../context.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import {
  addExpiryAndCallFlags,
  addRestrictionFlags,
  type PolicyFlags,
  policyFrom,
} from '../policy-flags.js';

interface SignFlags extends PolicyFlags {
  query?: boolean;
}

export function signCommand(act: Act): Command {
  return addRestrictionFlags(
    addExpiryAndCallFlags(
      new Command('sign').description(
        'sign a security policy with the app secret: prints { policy, signature }',
      ),
    ),
  )
    .option('--query', 'print policy=...&signature=... for a URL instead')
    .addHelpText(
      'after',
      `
The policy and signature are printed on stdout only: hand them to a browser or a teammate. The
app secret comes from $FILESTACK_APP_SECRET (or --app-secret-env NAME) and is never printed.
Without --call the policy allows every call but exif.

Examples:
  $ filestack sign --expiry 1h --call read,convert
  $ filestack sign --expiry 2030-01-01T00:00:00Z --call pick --path '^uploads/' --max-size 10MB
  $ curl "https://cdn.filestackcontent.com/HANDLE?$(filestack sign --handle HANDLE --call read --query)"`,
    )
    .action(act(sign));
}

async function sign(context: CliContext, flags: SignFlags): Promise<ExitCode> {
  const policy = policyFrom(flags);
  const security = new Security(policy, context.requireAppSecret('sign'));
  const signed = { policy: security.policyB64, signature: security.signature };
  if (flags.query) {
    const query = new URLSearchParams(signed).toString();
    context.output.result({ ...signed, query }, query);
  } else {
    context.output.result(signed, JSON.stringify(signed));
  }
  return EXIT.ok;
}
