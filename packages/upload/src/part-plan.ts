import { DEFAULT_PART_SIZE, MAX_PARTS } from './options.js';

/** One part of an upload, 1-based as on the wire. */
export interface PartPlan {
  number: number;
  /** Byte offset of the part in the file. */
  offset: number;
  size: number;
}

/**
 * The part size for a file: the requested one (default 8 MiB), grown so the file needs at most
 * 10,000 parts (S3's limit; docs/protocol.md#part-sizes).
 */
export function choosePartSize(fileSize: number, requested = DEFAULT_PART_SIZE): number {
  return Math.max(requested, Math.ceil(fileSize / MAX_PARTS));
}

/** Cuts `fileSize` bytes into parts of `partSize` (the last one shorter). */
export function planParts(fileSize: number, partSize: number): PartPlan[] {
  const parts: PartPlan[] = [];
  for (let offset = 0, number = 1; offset < fileSize; offset += partSize, number++) {
    parts.push({ number, offset, size: Math.min(partSize, fileSize - offset) });
  }
  return parts;
}
