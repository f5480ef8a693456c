import { describe, expect, it } from 'vitest';
import {
  type ChunkState,
  chunkFailed,
  chunkStored,
  firstChunks,
  nextChunk,
} from '../src/chunk-size.js';

const KIB = 1024;
const PART = 1024 * KIB;

/** Sizes (KiB) of the chunks sent for `outcomes` ('ok' or 'fail'), and whether it gave up. */
function play(state: ChunkState, outcomes: string, attempts = 5, partSize = PART) {
  const sent: number[] = [];
  for (const outcome of outcomes) {
    const { start, end } = nextChunk(state, partSize);
    sent.push((end - start) / KIB);
    if (outcome === '+') state = chunkStored(state, partSize);
    else {
      const verdict = chunkFailed(state, partSize, attempts);
      if (verdict.giveUp) return { sent, state: verdict.state, gaveUp: true };
      state = verdict.state;
    }
  }
  return { sent, state, gaveUp: false };
}

describe('Intelligent Ingestion chunk sizes', () => {
  it('start at the given size, capped by the part', () => {
    expect(firstChunks(64 * KIB, PART).size).toBe(64 * KIB);
    expect(firstChunks(2 * PART, PART).size).toBe(PART);
  });

  it('retry a failed chunk once at its size, then halve it', () => {
    expect(play(firstChunks(256 * KIB, PART), '--+').sent).toEqual([256, 256, 128]);
    expect(play(firstChunks(256 * KIB, PART), '-+').sent).toEqual([256, 256]);
  });

  it('count tries afresh at each new size', () => {
    expect(play(firstChunks(256 * KIB, PART), '-----+').sent).toEqual([256, 256, 128, 128, 64, 64]);
  });

  it('keep a chunk at the 32 KiB floor for as many tries as the policy allows', () => {
    const atFloor = firstChunks(32 * KIB, PART);
    expect(play(atFloor, '----+', 5)).toMatchObject({ gaveUp: false, sent: [32, 32, 32, 32, 32] });
    expect(play(atFloor, '-----', 5)).toMatchObject({ gaveUp: true, sent: [32, 32, 32, 32, 32] });
    expect(play(atFloor, '-', 1).gaveUp).toBe(true);
  });

  it('treat a tail of the part at or under 32 KiB as being at the floor', () => {
    const tail = { acknowledged: PART - 10 * KIB, size: 256 * KIB, streak: 0, failures: 0 };
    expect(play(tail, '-----')).toMatchObject({ gaveUp: true, sent: [10, 10, 10, 10, 10] });
  });

  it('halve a longer tail from what was sent, not from the nominal size', () => {
    const tail = { acknowledged: PART - 100 * KIB, size: 512 * KIB, streak: 0, failures: 0 };
    expect(play(tail, '--+').sent).toEqual([100, 100, 50]);
  });

  it('double after 4 chunks in a row', () => {
    const { sent, state } = play(firstChunks(64 * KIB, PART), '+++++++++');
    expect(sent).toEqual([64, 64, 64, 64, 128, 128, 128, 128, 256]);
    expect(state).toMatchObject({ acknowledged: PART, size: 256 * KIB, streak: 1 });
    const whole = play(firstChunks(PART / 2, PART), '++++', 5, 4 * PART);
    expect(whole.state.size).toBe(PART);
  });

  it('count a chunk stored on its retry toward the streak; only a halving breaks it', () => {
    expect(play(firstChunks(64 * KIB, PART), '+-+++++').sent).toEqual([
      64, 64, 64, 64, 64, 128, 128,
    ]);
    expect(play(firstChunks(64 * KIB, PART), '+--++++++').sent).toEqual([
      64, 64, 64, 32, 32, 32, 32, 64, 64,
    ]);
  });
});
