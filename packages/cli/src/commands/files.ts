import type { MetadataField } from '@fs/client';
import { Command } from 'commander';
import { formatBytes } from '../byte-size.js';
import { clientFor } from '../client-for.js';
import type { Act } from '../command-action.js';
import type { CliContext } from '../context.js';
import { EXIT, UsageError } from '../exit-codes.js';
import { collect, keyValues } from '../option-values.js';
import { readSourceArg } from '../source-arg.js';
import { addStoreFlags, type StoreFlags, storeOptionsFrom } from '../store-flags.js';

/*
 * The file API, one command each: metadata, delete, and store (a copy of a URL).
 */

export function metadataCommand(act: Act): Command {
  return new Command('metadata')
    .description("print a stored file's metadata as JSON")
    .argument('<handle>', 'the file (a handle or its CDN URL)')
    .option('--field <name>', 'a field to ask for, e.g. md5, sha256, width (repeatable)', collect)
    .addHelpText(
      'after',
      `
Without --field the service answers its default set: size, mimetype, filename, uploaded,
writeable, location, path, container.

Examples:
  $ filestack metadata aBcDeFgHiJkLmNoPqRsT
  $ filestack metadata aBcDeFgHiJkLmNoPqRsT --field md5 --field size --json`,
    )
    .action(
      act(async (context: CliContext, arg: string, flags: { field?: string[] }) => {
        const connection = await context.connect();
        const handle = handleArg(arg, connection.urls);
        const metadata = await clientFor(connection)
          .filelink(handle)
          .metadata(flags.field as MetadataField[] | undefined, { signal: context.signal });
        context.output.result({ handle, ...metadata }, JSON.stringify(metadata, null, 2));
        return EXIT.ok;
      }),
    );
}

export function deleteCommand(act: Act): Command {
  return new Command('delete')
    .description('delete a stored file')
    .argument('<handle>', 'the file (a handle or its CDN URL)')
    .addHelpText(
      'after',
      `
With security on, the app secret must be set: the request is signed with it.

Example:
  $ filestack delete aBcDeFgHiJkLmNoPqRsT`,
    )
    .action(
      act(async (context: CliContext, arg: string) => {
        const connection = await context.connect();
        const handle = handleArg(arg, connection.urls);
        await clientFor(connection).filelink(handle).delete({ signal: context.signal });
        context.output.result({ handle, deleted: true }, `deleted ${handle}`);
        return EXIT.ok;
      }),
    );
}

export function storeCommand(act: Act): Command {
  return addStoreFlags(
    new Command('store')
      .description('store a copy of the file at a URL (Filestack fetches it)')
      .argument('<url>', 'an http(s) URL Filestack can reach')
      .option('--tag <key=value>', 'an upload tag (repeatable, at most 10)', collect),
  )
    .addHelpText(
      'after',
      `
Examples:
  $ filestack store https://example.com/cat.jpg
  $ filestack store https://example.com/report.pdf --path reports/ --filename q3.pdf --json`,
    )
    .action(
      act(async (context: CliContext, url: string, flags: StoreFlags & { tag?: string[] }) => {
        const { mimetype, ...store } = storeOptionsFrom(flags);
        if (mimetype !== undefined) {
          throw new UsageError('--mimetype: the stored type is the one the URL answers with');
        }
        const tags = flags.tag === undefined ? undefined : keyValues('--tag', flags.tag);
        const connection = await context.connect();
        const filelink = await clientFor(connection).uploadUrl(url, store, {
          tags,
          signal: context.signal,
        });
        const file = filelink.uploadResponse!;
        const { handle, size, filename, mimetype: type } = file;
        context.output.result(
          { handle, url: file.url, size, filename, mimetype: type },
          `${file.url}  handle ${handle}  ${formatBytes(size)}  ${type}`,
        );
        return EXIT.ok;
      }),
    );
}

/** The handle of a `<handle>` argument: a handle, or the CDN URL of one file. */
export function handleArg(arg: string, urls: Parameters<typeof readSourceArg>[1]): string {
  const { handle, tasks } = readSourceArg(arg, urls);
  if (handle === undefined || tasks.length > 0) {
    throw new UsageError(`"${arg}" is not a file handle`, 'give the handle of a stored file');
  }
  return handle;
}
