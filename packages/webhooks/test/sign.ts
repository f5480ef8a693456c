import { createHmac } from 'node:crypto';

/** An independent signer (node:crypto) to check the WebCrypto implementation against. */
export function sign(secret: string, timestamp: string | number, body: string | Uint8Array) {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
}

export const SECRET = 'test-webhook-secret';

export const NOW_SECONDS = 1_700_000_000;
export const NOW = NOW_SECONDS * 1000;

/** Headers of a delivery signed now (or at `timestamp`). */
export function signedHeaders(
  body: string | Uint8Array,
  timestamp: number | string = NOW_SECONDS,
  secret = SECRET,
): { 'content-type': string; 'fs-timestamp': string; 'fs-signature': string } {
  return {
    'content-type': 'application/json',
    'fs-timestamp': String(timestamp),
    'fs-signature': sign(secret, timestamp, body),
  };
}

export const UPLOAD_BODY = JSON.stringify({
  id: 30813791,
  action: 'fp.upload',
  timestamp: 1521733983,
  text: {
    container: 'filestack-uploads-persist-production',
    url: 'https://cdn.filestackcontent.com/HLOon3NcTS6w7rqyZ3ei',
    filename: 'photo.png',
    client: 'Computer',
    key: 'HLOon3NcTS6w7rqyZ3ei_photo.png',
    type: 'image/png',
    status: 'Stored',
    size: 158584,
  },
});
