// Type-checked, never run: the main API of every package, as a project imports it from the
// registry. .ci/run checks it with moduleResolution node16 (as ESM, and as CommonJS when copied
// to types.cts) and bundler. No top-level await, so the same text is valid CommonJS.
import { ConversionError, videoConvert } from '@fs/av';
import { run } from '@fs/cli';
import { Client, type Filelink } from '@fs/client';
import { FilestackError, type Hosts, HttpError, ValidationError } from '@fs/core';
import { type Emulator, startEmulator } from '@fs/emulator';
import { useEmulator } from '@fs/emulator/testing';
import { createPolicy, Security, signPolicy } from '@fs/security';
import { parseTransformUrl, resize, transformUrl } from '@fs/transform';
import { createUpload, type UploadedFile, upload, uploadMany } from '@fs/upload';
import { openFile, uploadFile } from '@fs/upload/node';
import { parseWebhook, verifyWebhookSignature, type WebhookEvent } from '@fs/webhooks';

export async function everyPackage(): Promise<void> {
  const emu: Emulator = await startEmulator({ port: 0 });
  const urls: Partial<Hosts> = emu.urls;

  const stored: UploadedFile = await upload(new Uint8Array(8), { apikey: emu.apikey, urls });
  const job = createUpload(await openFile('./package.json'), { apikey: emu.apikey, urls });
  job.pause();
  job.resume();
  const results = await uploadMany([new Blob(['a']), new Uint8Array(1)], { apikey: emu.apikey });
  const fromPath: UploadedFile = await uploadFile('./package.json', { apikey: emu.apikey });

  const policy = createPolicy({ expiresIn: 3600, call: ['read', 'convert'] });
  const security = new Security(policy, 'app-secret');
  const signed = await signPolicy(policy, 'app-secret');
  const url: string = transformUrl(stored.handle, [resize({ width: 400 })], {
    security: { policy: security.policyB64, signature: signed.signature },
  });
  const parsed = parseTransformUrl(url);

  const av = await videoConvert(stored.handle, { preset: 'h264' }, { urls });
  const converted = await av.wait({ timeout: 60_000 }).catch((error: unknown) => {
    if (error instanceof ConversionError) return undefined;
    throw error;
  });

  const client = new Client(emu.apikey, { urls });
  const link: Filelink = await client.upload({ file: new Uint8Array(4) });
  const bytes: Uint8Array = await link.getContent();
  const resized: string = client.filelink(link.handle).resize({ width: 100 }).url;

  const check = await verifyWebhookSignature('secret', '{}', { 'fs-signature': 'x' });
  const event: WebhookEvent = await parseWebhook('secret', '{}', {});
  if (event.known && event.action === 'fp.upload') console.log(event.text.filename);

  const error: unknown = new ValidationError({ option: 'x', received: 1, allowed: 'a string' });
  if (error instanceof HttpError) console.log(error.status);
  if (error instanceof FilestackError) console.log(error.code, error.retryable);

  const exitCode: number = await run(['--version']);

  console.log(
    exitCode,
    job,
    results,
    fromPath,
    parsed,
    converted,
    bytes,
    resized,
    check,
    useEmulator,
  );
  await emu.close();
}
