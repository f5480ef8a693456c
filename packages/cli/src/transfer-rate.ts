/** Bytes per second over the last few seconds, and the time left at that rate. */
export interface TransferRate {
  /** Records that `loaded` bytes are done now. */
  sample(loaded: number): void;
  /** Bytes per second over the window; 0 until two samples exist. */
  readonly bytesPerSecond: number;
  /** Seconds to move `remaining` bytes at the current rate; undefined while unknown. */
  secondsLeft(remaining: number): number | undefined;
}

// Long enough to smooth part-sized bursts, short enough to follow a changing link.
const WINDOW_MS = 3000;

export function createTransferRate(now: () => number = Date.now): TransferRate {
  const samples: Array<{ at: number; loaded: number }> = [];
  let rate = 0;
  return {
    sample(loaded) {
      const at = now();
      samples.push({ at, loaded });
      while (samples.length > 2 && at - samples[0]!.at > WINDOW_MS) samples.shift();
      const first = samples[0]!;
      const elapsed = (at - first.at) / 1000;
      rate = elapsed > 0 ? (loaded - first.loaded) / elapsed : rate;
    },
    get bytesPerSecond() {
      return rate;
    },
    secondsLeft(remaining) {
      return rate > 0 ? remaining / rate : undefined;
    },
  };
}

/** `4s`, `1m05s`, `2h03m`: short, for ETAs. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
