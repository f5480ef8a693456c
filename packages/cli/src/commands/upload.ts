import { type UploadManyItem, type UploadResult, uploadMany } from '@fs/upload';
import { fileResumeStore, openFile } from '@fs/upload/node';
import { Command } from 'commander';
import { formatBytes, parseByteSize } from '../byte-size.js';
import type { Act } from '../command-action.js';
import type { CliContext } from '../context.js';
import { CommandError, EXIT, type ExitCode, UsageError } from '../exit-codes.js';
import { errorLine, explainError } from '../explain-error.js';
import { md5OfFile, md5Tap } from '../md5.js';
import { collect, integerOption, keyValues } from '../option-values.js';
import { resumeDir } from '../resume-dir.js';
import { addStoreFlags, type StoreFlags, storeOptionsFrom } from '../store-flags.js';
import { createUploadBars, type UploadBars } from '../upload-bars.js';
import { expandInputs, type UploadSource } from '../upload-inputs.js';

interface UploadFlags extends StoreFlags {
  intelligent?: boolean;
  concurrency?: string;
  partSize?: string;
  size?: string;
  tag?: string[];
  resume?: boolean;
}

/** One input of the batch: what to send, and how its MD5 is known once it is stored. */
interface Entry {
  source: UploadSource;
  item: UploadManyItem;
  md5: (signal: AbortSignal) => Promise<string>;
}

export function uploadCommand(act: Act): Command {
  return addStoreFlags(
    new Command('upload')
      .description('upload files, directories, quoted globs, or standard input (-)')
      .argument('<paths...>', 'files, directories (every file under them), globs, or - for stdin')
      .option('--intelligent', 'use Intelligent Ingestion (for unreliable networks)')
      .option('--concurrency <n>', 'parts in flight at once, shared by all files (1-20)', '4')
      .option('--part-size <size>', 'bytes per part, e.g. 8MiB (default 8MiB)')
      .option('--size <size>', 'the exact byte length of standard input (needed with -)')
      .option('--tag <key=value>', 'an upload tag (repeatable, at most 10)', collect)
      .option(
        '--resume',
        'save the progress of each file (under $XDG_CACHE_HOME/filestack/uploads, else ~/.cache), so that an interrupted upload continues when the same command runs again',
      ),
  )
    .addHelpText(
      'after',
      `
Each stored file prints its handle, URL, size and MD5 (the MD5 of the bytes sent, as md5sum
prints it); --json prints one JSON object per file. A file that fails is reported with its
reason and the others still go; the exit code is then 1. With --resume, a file that was
interrupted (Ctrl-C) or failed continues from what storage already holds when the same command
runs again; a changed file starts afresh.

Examples:
  $ filestack upload photo.jpg
  $ filestack upload ./site 'docs/*.pdf' --path uploads/ --json
  $ filestack upload big.iso --intelligent --concurrency 8 --part-size 16MiB
  $ filestack upload big.iso --resume                # Ctrl-C, then the same command continues
  $ head -c 1048576 /dev/urandom | filestack upload - --size 1MiB --filename random.bin
  $ filestack --emulator upload README.md          # no account: a local emulator for this run`,
    )
    .action(act(upload));
}

async function upload(context: CliContext, paths: string[], flags: UploadFlags): Promise<ExitCode> {
  const { output, signal } = context;
  const concurrency = integerOption('--concurrency', flags.concurrency ?? '4', 1, 20);
  const partSize =
    flags.partSize === undefined ? undefined : parseByteSize('--part-size', flags.partSize);
  const tags = flags.tag === undefined ? undefined : keyValues('--tag', flags.tag);
  const store = storeOptionsFrom(flags);
  const sources = await expandInputs(paths);
  const stdinSize = flags.size === undefined ? undefined : parseByteSize('--size', flags.size);
  if (sources.some((source) => source.kind === 'stdin') && stdinSize === undefined) {
    throw new UsageError(
      '-: uploading standard input needs its exact length in bytes',
      'add --size N (the upload announces the size before the first byte)',
    );
  }
  if (flags.resume && sources.some((source) => source.kind === 'stdin')) {
    throw new UsageError(
      '-: standard input cannot be resumed: nothing tells its bytes apart from one run to the next',
      'leave out --resume, or save the input to a file and upload that',
    );
  }
  if (store.filename !== undefined && sources.length > 1) {
    throw new UsageError(
      `--filename names one file, but ${sources.length} inputs were given`,
      'leave --filename out to keep each file its own name',
    );
  }
  const connection = await context.connect();

  const failures: UploadSource[] = [];
  const reportFailure = (source: UploadSource, error: unknown) => {
    failures.push(source);
    const explained = explainError(error);
    output.failure(
      {
        ok: false,
        path: source.label,
        error: { code: explained.code, message: explained.message },
      },
      `${source.label}: ${errorLine(explained)}`,
      explained.causes,
    );
  };
  const entries: Entry[] = [];
  for (const source of sources) {
    if (source.kind === 'missing') {
      reportFailure(source, new CommandError(source.reason));
    } else if (source.kind === 'stdin') {
      const tap = md5Tap();
      context.stdin.pipe(tap.stream);
      entries.push({
        source,
        item: { input: tap.stream, size: stdinSize },
        md5: async () => tap.digest(),
      });
    } else {
      try {
        const file = await openFile(source.path);
        entries.push({ source, item: { input: file }, md5: (s) => md5OfFile(source.path, s) });
      } catch (error) {
        reportFailure(source, error);
      }
    }
  }
  if (entries.length === 0) return EXIT.failed;

  const bars: UploadBars | undefined = output.interactive
    ? createUploadBars(output, entries.length)
    : undefined;
  // The MD5 of each file is read while it uploads, from its first progress event on.
  const hashes = new Map<number, { done: Promise<string>; stop: AbortController }>();
  const hashOf = (index: number) => {
    let hash = hashes.get(index);
    if (!hash) {
      const stop = new AbortController();
      hash = { done: entries[index]!.md5(stop.signal), stop };
      // Read at settle time; an unread rejection (an aborted read) is not an error.
      hash.done.catch(() => {});
      hashes.set(index, hash);
    }
    return hash;
  };
  const reports: Promise<void>[] = [];
  const settled = (index: number, result: UploadResult) => {
    bars?.settle(index);
    const { source } = entries[index]!;
    if (!result.ok) {
      hashes.get(index)?.stop.abort();
      // An interrupted file is not a failure to report: the summary names what was not sent.
      if (!signal.aborted) reportFailure(source, result.error);
      return;
    }
    reports.push(
      hashOf(index).done.then(
        (md5) => {
          const { handle, url, size, filename, mimetype, mode, resumedBytes } = result.file;
          const resumed = flags.resume ? { resumedBytes } : {};
          output.result(
            {
              ok: true,
              path: source.label,
              handle,
              url,
              size,
              md5,
              filename,
              mimetype,
              mode,
              ...resumed,
            },
            `${source.label}: ${url}  handle ${handle}  ${formatBytes(size)}  md5 ${md5}` +
              (resumedBytes > 0 ? `  (resumed after ${formatBytes(resumedBytes)})` : ''),
          );
        },
        // Stored, but its MD5 could not be read back (the file changed or vanished meanwhile).
        (error: Error) =>
          reportFailure(
            source,
            new CommandError(
              `stored as ${result.file.handle}, but its MD5 could not be read: ${error.message}`,
            ),
          ),
      ),
    );
  };

  const results = await uploadMany(
    entries.map((entry) => entry.item),
    {
      apikey: connection.apikey,
      urls: connection.urls,
      security: connection.security,
      intelligent: flags.intelligent === true,
      concurrency,
      partSize,
      store,
      tags,
      signal,
      // Kept after Ctrl-C too: running the same command again continues.
      resume: flags.resume
        ? { store: fileResumeStore(resumeDir(context.env)), keepOnAbort: true }
        : undefined,
      onProgress: bars && ((progress) => bars.total(progress)),
      onFileProgress: (index, progress) => {
        hashOf(index);
        bars?.file(index, entries[index]!.source.label, progress);
      },
      onFileSettled: settled,
      onRetry: connection.onRetry,
    },
  ).finally(() => bars?.stop());
  await Promise.all(reports);

  const stored = results.filter((result) => result.ok).length;
  if (signal.aborted) {
    const missed = entries.filter((_, index) => !results[index]?.ok).map((e) => e.source.label);
    output.warn(
      `interrupted: ${stored} stored, ${missed.length} not uploaded (${missed.join(', ')})` +
        (flags.resume ? '; run the same command again to continue' : ''),
    );
    return EXIT.interrupted;
  }
  if (sources.length > 1) {
    output.info(`${stored} stored, ${failures.length} failed`);
  }
  return failures.length > 0 ? EXIT.failed : EXIT.ok;
}
