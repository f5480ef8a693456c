import { isAbsolute, relative } from 'node:path';
import { Filelink, Transformation } from '@fs/client';
import { Command } from 'commander';
import { formatBytes } from '../byte-size.js';
import type { Act } from '../command-action.js';
import type { CliContext } from '../context.js';
import { downloadPath, safeFileName, writeThrough } from '../download-target.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { readSourceArg } from '../source-arg.js';

interface DownloadFlags {
  output?: string;
  force?: boolean;
}

export function downloadCommand(act: Act): Command {
  return new Command('download')
    .description('download a stored file, or the result of a processing URL')
    .argument('<handle|url>', 'a handle, or a CDN URL (with its tasks)')
    .option('-o, --output <file>', "where to write it (a directory keeps the file's own name)")
    .option('-f, --force', 'overwrite an existing file')
    .addHelpText(
      'after',
      `
Without -o the file gets the name it was stored under, made safe (no directories, no control
or reserved characters, no leading dot); a processing URL's result is named after the handle.
An existing file is never overwritten without --force, and a failed download leaves nothing
behind.

Examples:
  $ filestack download aBcDeFgHiJkLmNoPqRsT
  $ filestack download aBcDeFgHiJkLmNoPqRsT -o report.pdf --force
  $ filestack download "$(filestack url aBcDeFgHiJkLmNoPqRsT resize=width:200)" -o thumb.jpg`,
    )
    .action(act(download));
}

async function download(context: CliContext, arg: string, flags: DownloadFlags): Promise<ExitCode> {
  const connection = await context.connect({ keyOptional: true });
  const from = readSourceArg(arg, connection.urls);
  const options = {
    apikey: connection.apikey,
    urls: { ...connection.urls, cdn: from.cdn },
    security: from.security ?? connection.security,
    onRetry: connection.onRetry,
  };
  const { signal } = context;
  const file =
    from.handle !== undefined && from.tasks.length === 0
      ? new Filelink(from.handle, options)
      : undefined;
  const chain =
    file ??
    from.tasks.reduce(
      (transformation, task) => transformation.task(task.name, task.params),
      new Transformation(from.source, options),
    );
  const fallback = from.handle ?? 'download';
  // The stored name of a file; a processing result, or a file whose name cannot be read, is
  // named after its handle.
  const target = await downloadPath(flags.output, async () => {
    const stored = file
      ? await file
          .metadata(['filename'], { signal })
          .then(({ filename }) => (typeof filename === 'string' ? filename : fallback))
          .catch(() => fallback)
      : fallback;
    return safeFileName(stored, fallback);
  });
  const size = await writeThrough(target, flags.force === true, (temporary) =>
    chain.download(temporary, { signal }),
  );
  context.output.result(
    { ...(from.handle === undefined ? {} : { handle: from.handle }), path: target, size },
    `saved ${shown(target)} (${formatBytes(size)})`,
  );
  return EXIT.ok;
}

/** A path as people read it: relative to the current directory when it is inside it. */
function shown(path: string): string {
  const inside = relative(process.cwd(), path);
  return inside && !inside.startsWith('..') && !isAbsolute(inside) ? inside : path;
}
