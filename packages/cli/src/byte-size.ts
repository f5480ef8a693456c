import { UsageError } from './exit-codes.js';

// Binary multiples for K/M/G, KiB/MiB/GiB; decimal for kB/KB/MB/GB, as `ls -h` and disks differ.
const UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1024,
  kib: 1024,
  kb: 1000,
  m: 1024 ** 2,
  mib: 1024 ** 2,
  mb: 1000 ** 2,
  g: 1024 ** 3,
  gib: 1024 ** 3,
  gb: 1000 ** 3,
};

/**
 * Reads a byte count as written on a command line: `5242880`, `5MiB`, `5M` (binary) or `5MB`
 * (decimal).
 *
 * @throws UsageError naming `option` for anything else, or a value that is not a whole byte count.
 */
export function parseByteSize(option: string, text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text.trim());
  const unit = match ? UNITS[match[2]!.toLowerCase()] : undefined;
  const bytes = match && unit !== undefined ? Number(match[1]) * unit : Number.NaN;
  if (!Number.isSafeInteger(bytes)) {
    throw new UsageError(
      `${option}: got "${text}"; expected a whole number of bytes such as 5242880, 5MiB or 5MB`,
    );
  }
  return bytes;
}

/** `17 B`, `1.5 KiB`, `200.0 MiB`: short, for progress and result lines. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}
