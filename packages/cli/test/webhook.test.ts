import { serveOrigin } from '@fs/emulator/testing';
import { useTempDir } from '@fs/test-kit';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, envFor, fileEmulator } from './helpers.js';

const SECRET = 'cli-webhook-secret';
const files = useTempDir('fs-cli-test-');

// Receives the emulator's webhooks; `requests` keeps each delivery as it arrived.
const receiver = await serveOrigin({ '/hooks': { status: 204 } });
afterAll(() => receiver.close());
const emu = fileEmulator({ webhooks: { urls: [`${receiver.url}/hooks`], secret: SECRET } });

// The test vector of the Filestack docs: valid signature, timestamp far from now.
const VECTOR = {
  secret: 'webhook-secret',
  body: '{"text": {"filename": "filename.jpg", "key": "kGaeljnga9wkysK6Z_filename.jpg"}}',
  signature: '57cbb25386c3d6ff758a7a75cf52ba02cf2b0a1a2d6d5dfb9c886553ca6011cb',
  timestamp: '123456789999',
};

function verify(body: string, signature: string, timestamp: string, ...extra: string[]) {
  return [
    'webhook',
    'verify',
    '--body-file',
    body,
    '--signature',
    signature,
    '--timestamp',
    timestamp,
    ...extra,
  ];
}

describe('filestack webhook verify', () => {
  it('accepts a real delivery of the emulator and refuses it once the body is changed', async () => {
    const upload = await cli(['upload', await files.write('hooked.txt', 'hook me')], {
      env: envFor(emu),
    });
    expect(upload.code, upload.stderr).toBe(0);
    await emu.webhooks.settled();
    const delivery = receiver.requests.at(-1)!;
    const signature = String(delivery.headers['fs-signature']);
    const timestamp = String(delivery.headers['fs-timestamp']);
    const body = await files.write('delivery.json', delivery.body);
    const env = { FILESTACK_WEBHOOK_SECRET: SECRET };

    const valid = await cli(verify(body, signature, timestamp), { env });
    expect(valid.code, valid.stderr).toBe(0);
    expect(valid.stdout).toMatch(
      /^signature: valid\ntimestamp: .* s old, within the 300 s window\nvalid\n$/,
    );

    const tampered = await files.write(
      'tampered.json',
      delivery.body.toString().replace('hooked', 'HOOKED'),
    );
    const invalid = await cli(verify(tampered, signature, timestamp, '--json'), { env });
    expect(invalid.code).toBe(1);
    expect(JSON.parse(invalid.stdout)).toMatchObject({
      valid: false,
      signature: 'mismatch',
      reason: 'FS-Signature does not match',
    });

    const fromStdin = await cli(verify('-', signature, timestamp), { env, input: delivery.body });
    expect(fromStdin.code, fromStdin.stderr).toBe(0);
  });

  it('reports the signature and the age apart: an old delivery with a good signature', async () => {
    const body = await files.write('vector.json', VECTOR.body);
    const env = { FILESTACK_WEBHOOK_SECRET: VECTOR.secret };
    const stale = await cli(verify(body, VECTOR.signature, VECTOR.timestamp, '--json'), { env });
    expect(stale.code).toBe(1);
    const record = JSON.parse(stale.stdout);
    expect(record).toMatchObject({
      valid: false,
      signature: 'valid',
      timestamp: 123456789999,
      toleranceSeconds: 300,
    });
    expect(record.reason).toMatch(/outside the 300 s window/);
    expect(record.ageSeconds).toBeLessThan(0);

    const unchecked = await cli(
      verify(body, VECTOR.signature, VECTOR.timestamp, '--no-tolerance'),
      { env },
    );
    expect(unchecked.code, unchecked.stderr).toBe(0);
    expect(unchecked.stdout).toMatch(/not checked: --no-tolerance\)\nvalid\n$/);

    const wide = await cli(
      verify(body, VECTOR.signature, VECTOR.timestamp, '--tolerance', String(200_000_000_000)),
      { env },
    );
    expect(wide.code).toBe(0);
  });

  it('needs the webhook secret, from the environment or the variable named by a flag', async () => {
    const body = await files.write('vector2.json', VECTOR.body);
    const none = await cli(verify(body, VECTOR.signature, VECTOR.timestamp, '--no-tolerance'));
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/FILESTACK_WEBHOOK_SECRET/);
    const named = await cli(
      verify(
        body,
        VECTOR.signature,
        VECTOR.timestamp,
        '--no-tolerance',
        '--webhook-secret-env',
        'HOOK',
      ),
      { env: { HOOK: VECTOR.secret } },
    );
    expect(named.code, named.stderr).toBe(0);
  });
});
