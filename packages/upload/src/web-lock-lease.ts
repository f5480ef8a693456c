import { FilestackError } from '@fs/core';
import type { ResumeLease } from './resume-store.js';

/**
 * A lease through the Web Locks API: held until released or until the page goes away (the
 * browser frees a closed tab's locks), so two tabs never send one upload at once. Where the
 * API is missing, there is no lease.
 */
export async function webLockLease(name: string): Promise<ResumeLease> {
  const locks = (globalThis as { navigator?: Navigator }).navigator?.locks;
  if (!locks) return { release() {} };
  return new Promise<ResumeLease>((resolve, reject) => {
    let release!: () => void;
    const held = new Promise<void>((done) => {
      release = done;
    });
    locks
      .request(name, { ifAvailable: true }, (lock) => {
        if (!lock) {
          reject(
            new FilestackError('Another tab or window is uploading this file now', {
              code: 'RESUME_LOCKED',
            }),
          );
          return undefined;
        }
        resolve({ release });
        return held;
      })
      .catch(reject);
  });
}
