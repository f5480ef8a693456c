// A CommonJS project: require() each package as installed from the registry, and make one real
// call with each against the emulator (installed too). Exits non-zero on any failure.
const assert = require('node:assert/strict');
const { createHmac } = require('node:crypto');
const { Client } = require('@fs/client');
const { startEmulator } = require('@fs/emulator');
const { upload } = require('@fs/upload');
const { verifyWebhookSignature } = require('@fs/webhooks');

async function main() {
  const emu = await startEmulator({ port: 0 });
  try {
    const stored = await upload(new TextEncoder().encode('from require()'), {
      apikey: emu.apikey,
      urls: emu.urls,
    });
    assert.match(stored.handle, /^[\w-]{20}$/);

    const client = new Client(emu.apikey, { urls: emu.urls });
    const text = new TextDecoder().decode(await client.filelink(stored.handle).getContent());
    assert.equal(text, 'from require()');

    const body = '{"action":"fp.upload"}';
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = createHmac('sha256', 'webhook-secret')
      .update(`${timestamp}.${body}`)
      .digest('hex');
    const result = await verifyWebhookSignature('webhook-secret', body, {
      'fs-signature': signature,
      'fs-timestamp': timestamp,
    });
    assert.equal(result.valid, true);
    console.log('commonjs: @fs/upload, @fs/client and @fs/webhooks work through require()');
  } finally {
    await emu.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
