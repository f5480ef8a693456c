import { MIN_CHUNK_SIZE } from './options.js';

/**
 * Where Intelligent Ingestion stands inside one part: plain data, so it can be saved after each
 * acknowledged chunk and restored to go on from there.
 */
export interface ChunkState {
  /** Bytes of the part storage acknowledged, from its start. */
  acknowledged: number;
  /** The size of the next chunk (the tail of the part may be shorter). */
  size: number;
  /** Chunks stored in a row at `size`; at {@link GROW_AFTER} the size doubles. */
  streak: number;
  /** Failed tries of the next chunk at `size`; starts again at every new size. */
  failures: number;
}

/** Chunks stored in a row after which the chunk size doubles. */
export const GROW_AFTER = 4;

/** Tries of a chunk at one size above the floor: the first and one retry, then it is halved. */
export const TRIES_PER_SIZE = 2;

/** A part's state before its first chunk, whose size is `size` (capped by the part's). */
export function firstChunks(size: number, partSize: number): ChunkState {
  return { acknowledged: 0, size: Math.min(size, partSize), streak: 0, failures: 0 };
}

/** Bytes `[start, end)` of the part that the next chunk carries. */
export function nextChunk(state: ChunkState, partSize: number): { start: number; end: number } {
  const start = state.acknowledged;
  return { start, end: Math.min(partSize, start + state.size) };
}

/**
 * The state after storage acknowledged the next chunk. A chunk that needed its retry still
 * counts toward the streak: only a halving breaks it. After {@link GROW_AFTER} in a row the
 * size doubles, up to the part size, so one bad minute does not keep a long upload at 32 KiB.
 */
export function chunkStored(state: ChunkState, partSize: number): ChunkState {
  const { end } = nextChunk(state, partSize);
  const streak = state.streak + 1;
  const grows = streak >= GROW_AFTER && state.size < partSize;
  return {
    acknowledged: end,
    size: grows ? Math.min(partSize, state.size * 2) : state.size,
    streak: grows ? 0 : streak,
    failures: 0,
  };
}

/**
 * The state after the next chunk failed with a retryable error, and whether the upload gives
 * up. Above the floor a chunk is tried {@link TRIES_PER_SIZE} times at its size, then halved
 * (never below 32 KiB) with a fresh count of tries; at the floor it is tried `attempts` times,
 * the retry policy's, and then the upload gives up.
 */
export function chunkFailed(
  state: ChunkState,
  partSize: number,
  attempts: number,
): { state: ChunkState; giveUp: boolean } {
  const { start, end } = nextChunk(state, partSize);
  const sent = end - start;
  const failures = state.failures + 1;
  if (sent <= MIN_CHUNK_SIZE)
    return { state: { ...state, failures }, giveUp: failures >= attempts };
  if (failures < Math.min(TRIES_PER_SIZE, attempts)) {
    return { state: { ...state, failures }, giveUp: false };
  }
  // Halved from what was sent: a short tail halves from its own size, not the nominal one.
  const size = Math.max(MIN_CHUNK_SIZE, Math.floor(sent / 2));
  return { state: { ...state, size, streak: 0, failures: 0 }, giveUp: false };
}
