import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

// A key of this process only: both sides are hashed with it, so the comparison takes the same
// time whatever the lengths and contents, and a guess teaches nothing about the secret.
const KEY = randomBytes(32);

const digest = (text: string) => createHmac('sha256', KEY).update(text, 'utf8').digest();

/**
 * Whether `given` equals `expected`, compared in constant time: the one comparison of secrets,
 * signatures and tokens in the emulator.
 */
export function sameSecret(expected: string, given: string): boolean {
  return timingSafeEqual(digest(expected), digest(given));
}
