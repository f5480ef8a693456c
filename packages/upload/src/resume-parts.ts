import { firstChunks } from './chunk-size.js';
import type { UploadSource } from './input.js';
import type { PartState } from './part-sender.js';
import type { ResumeState, SavedPart } from './resume-store.js';
import type { UploadCalls } from './upload-api.js';

/**
 * What a resumable upload saves now: the ids start answered and, per part, what storage
 * acknowledged (a regular part's ETag; how far an Intelligent Ingestion part got, and whether
 * it was committed).
 */
export function resumeStateOf(
  calls: UploadCalls,
  created: number,
  size: number,
  partSize: number,
  parts: readonly PartState[],
  intelligent: boolean | 'fallback',
): ResumeState {
  const { uri, region, upload_id, location_url, location_region, upload_type } = calls.start;
  const saved: Record<string, SavedPart> = {};
  for (const part of parts) {
    const stored = part.done ? part.size : (part.chunks?.acknowledged ?? 0);
    if (part.etag !== undefined) saved[part.number] = { via: 'regular', etag: part.etag };
    else if (part.via && stored > 0) {
      saved[part.number] = { via: 'intelligent', stored, committed: part.done };
    }
  }
  return {
    version: 1,
    created,
    upload: {
      uri,
      region,
      upload_id,
      location_url,
      ...(location_region ? { location_region } : {}),
      ...(upload_type ? { upload_type } : {}),
    },
    size,
    partSize,
    parts: saved,
    // In fallback mode the first part that switched takes every later part along.
    ...(intelligent === 'fallback' && parts.some((part) => part.via) ? { switched: true } : {}),
  };
}

/**
 * Marks the parts a saved state says storage holds, so only the rest are sent; an Intelligent
 * Ingestion part goes on from its last acknowledged chunk. Returns the bytes stored, by part.
 */
export function restoreParts(
  parts: PartState[],
  saved: ResumeState,
  chunkSize: number,
): Map<number, number> {
  const restored = new Map<number, number>();
  for (const [number, savedPart] of Object.entries(saved.parts)) {
    const part = parts[Number(number) - 1]!;
    if (savedPart.via === 'regular') {
      part.etag = savedPart.etag;
      part.done = true;
    } else {
      part.via = 'intelligent';
      part.done = savedPart.committed;
      const stored = Math.min(savedPart.stored, part.size);
      if (!part.done) part.chunks = { ...firstChunks(chunkSize, part.size), acknowledged: stored };
    }
    restored.set(part.number, part.done ? part.size : part.chunks!.acknowledged);
  }
  return restored;
}

/**
 * A stream is read from its start, once: for a resumed upload, each read first takes the bytes
 * of the parts before it that an earlier run stored, in pieces of at most a part, and drops them.
 * Reads are asked for in order of offset, and run one after the other.
 */
export function skipStoredParts(source: UploadSource, partSize: number): void {
  const read = source.read.bind(source);
  let next = 0;
  let tail: Promise<unknown> = Promise.resolve();
  source.read = (offset, length) => {
    const from = next;
    next = offset + length;
    const part = tail.then(async () => {
      for (let at = from; at < offset; at += partSize) {
        await read(at, Math.min(partSize, offset - at));
      }
      return read(offset, length);
    });
    tail = part.catch(() => {});
    return part;
  };
}
