import { ValidationError } from '@fs/core';
import {
  DEFAULT_RESUME_MAX_AGE,
  type ResumeRestartReason,
  type ResumeState,
  type SavedPart,
} from './resume-store.js';

/** How a saved state is judged before an upload resumes it. */
export type SavedUpload =
  | { kind: 'none' }
  | { kind: 'resumable'; state: ResumeState }
  | { kind: 'stale'; reason: ResumeRestartReason };

/**
 * Whether `saved` (from a store: anything) can carry on an upload of `size` bytes cut in parts
 * of `partSize`: it must be a state of this version for the same sizes, younger than `maxAge`.
 */
export function judgeSavedUpload(
  saved: unknown,
  expected: { size: number; partSize: number; maxAge: number; now: number },
): SavedUpload {
  if (saved === undefined || saved === null) return { kind: 'none' };
  if (!isResumeState(saved) || saved.size !== expected.size) {
    return { kind: 'stale', reason: 'unreadable' };
  }
  if (saved.partSize !== expected.partSize) return { kind: 'stale', reason: 'unreadable' };
  if (!(expected.now - saved.created < expected.maxAge))
    return { kind: 'stale', reason: 'too-old' };
  return { kind: 'resumable', state: saved };
}

/** Bytes of the file that a state says are stored. */
export function storedBytes(state: ResumeState): number {
  let total = 0;
  for (const [number, part] of Object.entries(state.parts)) {
    const size = Math.min(state.partSize, state.size - (Number(number) - 1) * state.partSize);
    total += part.via === 'regular' || part.committed ? size : Math.min(part.stored, size);
  }
  return total;
}

const isText = (value: unknown): value is string => typeof value === 'string' && value !== '';
const isCount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

function isSavedPart(part: unknown): part is SavedPart {
  if (typeof part !== 'object' || part === null) return false;
  const p = part as Record<string, unknown>;
  if (p.via === 'regular') return isText(p.etag);
  return p.via === 'intelligent' && isCount(p.stored) && typeof p.committed === 'boolean';
}

function isResumeState(value: unknown): value is ResumeState {
  if (typeof value !== 'object' || value === null) return false;
  const state = value as Partial<ResumeState>;
  const upload = state.upload;
  const parts = state.parts;
  const partCount =
    isCount(state.size) && isCount(state.partSize) && state.partSize > 0
      ? Math.ceil(state.size / state.partSize)
      : 0;
  return (
    state.version === 1 &&
    isCount(state.created) &&
    partCount > 0 &&
    typeof upload === 'object' &&
    upload !== null &&
    isText(upload.uri) &&
    isText(upload.region) &&
    isText(upload.upload_id) &&
    isText(upload.location_url) &&
    (upload.location_region === undefined || typeof upload.location_region === 'string') &&
    (upload.upload_type === undefined || typeof upload.upload_type === 'string') &&
    typeof parts === 'object' &&
    parts !== null &&
    Object.entries(parts).every(([number, part]) => {
      const n = Number(number);
      return Number.isInteger(n) && n >= 1 && n <= partCount && isSavedPart(part);
    })
  );
}

/** Whether a stored value is a state whose upload started more than `maxAge` ms ago. */
export function isExpiredState(value: unknown, maxAge: number, now = Date.now()): boolean {
  const created = (value as { created?: unknown } | null)?.created;
  return typeof created === 'number' && !(now - created < maxAge);
}

/** A `maxAge` option, checked. */
export function checkMaxAge(maxAge: unknown = DEFAULT_RESUME_MAX_AGE, option = 'maxAge'): number {
  if (typeof maxAge !== 'number' || !(maxAge > 0)) {
    throw new ValidationError({ option, received: maxAge, allowed: 'milliseconds > 0' });
  }
  return maxAge;
}
