import { VERSION } from './version.js';

const ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function randomAlphanumeric(length: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  let out = '';
  for (const byte of bytes) out += ALPHANUMERIC[byte % ALPHANUMERIC.length];
  return out;
}

/**
 * Headers the Filestack API hosts expect from an SDK (docs/protocol.md#request-headers). They go to
 * the upload API and `/process` only: never to presigned storage URLs (they would break the
 * signature or trigger CORS failures) nor to the file API, which the official SDKs also call
 * without them.
 */
export function filestackHeaders(): Record<string, string> {
  return {
    'Filestack-Source': `TS-${VERSION}`,
    'Filestack-Trace-Id': `${Math.floor(Date.now() / 1000)}-${randomAlphanumeric(10)}`,
    'Filestack-Trace-Span': `tssdk-${randomAlphanumeric(10)}`,
  };
}
