import type { ConversionStatus } from '@fs/client';
import { Command } from 'commander';
import { clientFor } from '../client-for.js';
import type { Act } from '../command-action.js';
import type { CliContext } from '../context.js';
import { EXIT, type ExitCode, UsageError } from '../exit-codes.js';
import { collect } from '../option-values.js';
import type { Output } from '../output.js';
import { readSourceArg } from '../source-arg.js';
import { parseTaskArg } from '../task-args.js';

interface ConvertFlags {
  preset?: string;
  width?: string;
  height?: string;
  aspectMode?: string;
  param?: string[];
  wait?: boolean;
}

export function convertCommand(act: Act): Command {
  return new Command('convert')
    .description('convert a stored video or audio file (video_convert)')
    .argument('<handle>', 'the file to convert')
    .option('--preset <preset>', 'h264, webm, ogg, mp3, m4a, hls.variant, ...')
    .option('--width <pixels>', 'output width')
    .option('--height <pixels>', 'output height')
    .option('--aspect-mode <mode>', 'preserve, constrain, letterbox, pad or crop')
    .option('--param <key=value>', 'any other video_convert parameter (repeatable)', collect)
    .option('--wait', 'follow the job until it ends, then print the converted file')
    .addHelpText(
      'after',
      `
Without --wait it prints the job (uuid, timestamp) once the service accepted it. With --wait a
spinner shows the job's status on a terminal, and the converted file's handle and URL are
printed when it is done; a failed conversion exits 1 with the service's reason.

Examples:
  $ filestack convert aBcDeFgHiJkLmNoPqRsT --preset h264 --width 1280 --wait
  $ filestack convert aBcDeFgHiJkLmNoPqRsT --preset mp3 --param audio_bitrate=128 --wait --json`,
    )
    .action(act(convert));
}

async function convert(context: CliContext, arg: string, flags: ConvertFlags): Promise<ExitCode> {
  const pairs = [
    ['preset', flags.preset],
    ['width', flags.width],
    ['height', flags.height],
    ['aspect_mode', flags.aspectMode],
  ]
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}:${value}`);
  for (const pair of flags.param ?? []) {
    const eq = pair.indexOf('=');
    if (eq < 1) throw new UsageError(`--param: got "${pair}"; expected key=value`);
    pairs.push(`${pair.slice(0, eq)}:${pair.slice(eq + 1)}`);
  }
  // Read as the task is written in a URL, so @fs/transform checks every parameter.
  const { params } = parseTaskArg(
    pairs.length ? `video_convert=${pairs.join(',')}` : 'video_convert',
  );
  const connection = await context.connect();
  const { handle } = readSourceArg(arg, connection.urls);
  if (handle === undefined) {
    throw new UsageError(
      `"${arg}" is not a file handle`,
      'convert takes the handle of a stored file',
    );
  }
  const { output, signal } = context;
  const job = await clientFor(connection).filelink(handle).avConvert(params, { signal });
  if (!flags.wait) {
    output.result(
      { uuid: job.uuid, timestamp: job.timestamp, status: 'pending' },
      `conversion started: uuid ${job.uuid} (add --wait to follow it)`,
    );
    return EXIT.ok;
  }
  const status = await statusDisplay(output);
  try {
    const converted = await job.wait({ signal, onStatus: status.update });
    status.done(`converted: ${converted.handle}`);
    output.result(
      { uuid: job.uuid, status: 'completed', handle: converted.handle, url: converted.url },
      `${converted.handle}  ${converted.url}`,
    );
    return EXIT.ok;
  } catch (error) {
    status.failed();
    throw error;
  }
}

/** A spinner with the job's status on a terminal; plain status lines elsewhere. */
async function statusDisplay(output: Output) {
  if (!output.interactive) {
    return {
      update: (status: ConversionStatus) => output.info(`conversion ${status}`),
      done: (_line: string) => {},
      failed: () => {},
    };
  }
  // Loaded only here: no other command draws a spinner.
  const { default: yoctoSpinner } = await import('yocto-spinner');
  const spinner = yoctoSpinner({
    text: 'conversion requested',
    stream: output.terminal as NodeJS.WriteStream,
    // The CLI handles Ctrl-C itself: it aborts the wait, which stops the spinner.
    handleSignals: false,
  }).start();
  return {
    update: (status: ConversionStatus) => {
      spinner.text = `conversion ${status}`;
    },
    done: (line: string) => spinner.success(line),
    failed: () => spinner.stop(),
  };
}
