import type { UploadProgress } from '@fs/upload';
import cliProgress from 'cli-progress';
import { formatBytes } from './byte-size.js';
import type { Output } from './output.js';
import { createTransferRate, formatDuration, type TransferRate } from './transfer-rate.js';

/** Live progress of a batch on a terminal: a bar per file being sent, and a total bar. */
export interface UploadBars {
  /** Progress of file `index`, named `label`; its bar appears with its first event. */
  file(index: number, label: string, progress: UploadProgress): void;
  /** File `index` settled (stored or failed): its bar goes. */
  settle(index: number): void;
  /** Progress of the whole batch. */
  total(progress: UploadProgress): void;
  /** Draws the last frame (the total at 100% once everything was stored) and stops drawing. */
  stop(): void;
}

// Wide enough for most file names; longer ones keep their end, where the name is.
const NAME_WIDTH = 24;

interface Tracked {
  bar: cliProgress.SingleBar;
  rate: TransferRate;
}

/**
 * Bars drawn with cli-progress on the output's terminal (stderr). Each bar counts whole
 * percent as the SDK reports it, so it reaches 100% only once the service confirmed the file;
 * bytes, rate and time left are computed here from the same events.
 */
export function createUploadBars(output: Output, fileCount: number): UploadBars {
  const multibar = new cliProgress.MultiBar({
    stream: output.terminal as NodeJS.WritableStream,
    format: '{name} [{bar}] {percentage}% | {detail}',
    barsize: 20,
    hideCursor: false,
    clearOnComplete: false,
    // The CLI handles Ctrl-C itself (stops the upload, then these bars).
    gracefulExit: false,
    fps: 8,
  });
  output.setTerminalLog((line) => multibar.log(line));
  const files = new Map<number, Tracked>();
  const totalRate = createTransferRate();
  let settled = 0;
  let stopped = false;
  let last: UploadProgress | undefined;
  const totalBar = multibar.create(100, 0, { name: fit('total'), detail: '' });
  const totalDetail = (progress: UploadProgress) =>
    `${settled}/${fileCount} file${fileCount === 1 ? '' : 's'} | ${detail(progress, totalRate)}`;

  return {
    file(index, label, progress) {
      if (stopped) return;
      let tracked = files.get(index);
      if (!tracked) {
        const bar = multibar.create(100, 0, { name: fit(label), detail: '' });
        tracked = { bar, rate: createTransferRate() };
        files.set(index, tracked);
      }
      tracked.rate.sample(progress.loaded);
      tracked.bar.update(progress.percent, { detail: detail(progress, tracked.rate) });
    },
    settle(index) {
      settled++;
      const tracked = files.get(index);
      files.delete(index);
      if (tracked && !stopped) multibar.remove(tracked.bar);
    },
    total(progress) {
      if (stopped) return;
      last = progress;
      totalRate.sample(progress.loaded);
      totalBar.update(progress.percent, { detail: totalDetail(progress) });
    },
    stop() {
      if (stopped) return;
      stopped = true;
      // The batch reports 100 before its last file settles: count that file too.
      if (last) totalBar.update({ detail: totalDetail(last) });
      // Lines logged since the last frame are written by an update, not by stop().
      multibar.update();
      multibar.stop();
      output.setTerminalLog(undefined);
    },
  };
}

function detail(progress: UploadProgress, rate: TransferRate): string {
  const left = rate.secondsLeft(progress.total - progress.loaded);
  return [
    `${formatBytes(progress.loaded)}/${formatBytes(progress.total)}`,
    `${formatBytes(Math.round(rate.bytesPerSecond))}/s`,
    progress.percent === 100 ? 'done' : `ETA ${left === undefined ? '?' : formatDuration(left)}`,
  ].join(' | ');
}

function fit(name: string): string {
  return name.length > NAME_WIDTH
    ? `…${name.slice(-(NAME_WIDTH - 1))}`
    : name.padEnd(NAME_WIDTH, ' ');
}
