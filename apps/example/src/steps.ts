import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  Client,
  createPolicy,
  type Filelink,
  HttpError,
  Security,
  verifyWebhookSignature,
} from '@fs/client';
import { redactUrl } from '@fs/core';
import { readMp4Tracks, sampleVideo } from '@fs/emulator/testing';
import type { DemoEnvironment } from './environment.js';
import { serveFile } from './file-server.js';
import { formatBytes, type Reporter } from './report.js';

/** What the steps share: the client, where files go, and what earlier steps made. */
export interface DemoContext {
  env: DemoEnvironment;
  client: Client;
  report: Reporter;
  /** A temporary directory, removed at the end. */
  temp: string;
  /** The image the demo uploads (assets/sample.png). */
  samplePath: string;
  /** Size of the generated file uploaded with Intelligent Ingestion. */
  bigFileSize: number;
  /** The ffmpeg on the PATH, if any: it makes the sample video (and the emulator converts). */
  ffmpeg: string | undefined;
  /** Cancels whatever runs (Ctrl-C). */
  signal: AbortSignal;
  /** Made by earlier steps; later steps use them. */
  made: {
    sample?: Filelink;
    big?: { filelink: Filelink; path: string; sha256: string };
    stored: Filelink[];
  };
}

/** One step of the flow. */
export interface Step {
  title: string;
  /** Printed when the step fails with an error that has no hint of its own. */
  hint: string;
  /** Why the step cannot run here, or `undefined`. */
  skip?(ctx: DemoContext): string | undefined;
  run(ctx: DemoContext): Promise<void>;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Throws when an earlier step did not make what this one needs. */
function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} is missing: an earlier step did not run`);
  return value;
}

/** Throws a plain error when a check fails (a demo that lies is worse than none). */
function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(`check failed: ${message}`);
}

const mibPerSecond = (bytes: number, ms: number) =>
  `${(bytes / 1024 / 1024 / (ms / 1000)).toFixed(0)} MiB/s`;

/** The Python SDK README's flow, in order. A new step is one more entry here. */
export const STEPS: readonly Step[] = [
  {
    title: 'upload a sample image (regular)',
    hint: 'check that assets/sample.png exists and the API key is right',
    async run({ client, report, samplePath, signal, made }) {
      const filelink = await client.upload({
        filepath: samplePath,
        onProgress: ({ loaded, total, percent }) => report.progress(loaded, total, percent),
        signal,
      });
      const stored = need(filelink.uploadResponse, 'the upload response');
      check(stored.mode === 'regular', `mode is ${stored.mode}`);
      report.detail('handle', filelink.handle);
      report.detail(
        'stored',
        `${stored.filename}, ${stored.mimetype}, ${formatBytes(stored.size)}`,
      );
      made.sample = filelink;
    },
  },
  {
    title: 'upload a generated file (Intelligent Ingestion)',
    hint: 'Intelligent Ingestion must be enabled for the app; the temp directory needs room for the file',
    async run({ client, report, temp, bigFileSize, signal, made }) {
      const { writeRandomFile } = await import('./big-file.js');
      const path = join(temp, 'random.bin');
      const digest = await writeRandomFile(path, bigFileSize);
      const started = performance.now();
      const filelink = await client.upload({
        filepath: path,
        intelligent: true,
        onProgress: ({ loaded, total, percent }) => report.progress(loaded, total, percent),
        signal,
      });
      const ms = performance.now() - started;
      const stored = need(filelink.uploadResponse, 'the upload response');
      report.detail('handle', filelink.handle);
      report.detail(
        'stored',
        `${formatBytes(stored.size)} in ${Math.round(ms)} ms (${mibPerSecond(stored.size, ms)})`,
      );
      report.detail('mode', `${stored.mode} (parts committed in chunks, then completed)`);
      check(stored.size === bigFileSize, `stored size ${stored.size}`);
      made.big = { filelink, path, sha256: digest };
    },
  },
  {
    title: 'print the URLs',
    hint: 'the URLs are built locally; a ValidationError names the bad option',
    async run({ client, report, made }) {
      const sample = need(made.sample, 'the sample image');
      report.detail('sample', sample.url);
      report.detail('random', need(made.big, 'the generated file').filelink.url);
      report.detail('resized', sample.resize({ width: 240 }).flip().url);
      report.detail(
        'external',
        client
          .transformExternal('https://example.com/photo.jpg')
          .resize({ width: 500, height: 500 })
          .flip()
          .enhance().url,
      );
    },
  },
  {
    title: 'getContent: the sample image into memory',
    hint: 'the file must be readable (the `read` call when security is on)',
    async run({ report, samplePath, signal, made }) {
      const bytes = await need(made.sample, 'the sample image').getContent({ signal });
      const original = await readFile(samplePath);
      check(sha256(bytes) === sha256(original), 'the content differs from assets/sample.png');
      report.detail(
        'content',
        `${formatBytes(bytes.length)}, starts ${Buffer.from(bytes.subarray(1, 4)).toString('latin1')}, sha256 equals the file's`,
      );
    },
  },
  {
    title: 'download: the generated file, streamed to disk',
    hint: 'the temp directory needs room for the file',
    async run({ report, temp, signal, made }) {
      const big = need(made.big, 'the generated file');
      const target = join(temp, 'downloaded.bin');
      const started = performance.now();
      const written = await big.filelink.download(target, { signal });
      const ms = performance.now() - started;
      const { createReadStream } = await import('node:fs');
      const hash = createHash('sha256');
      for await (const chunk of createReadStream(target)) hash.update(chunk as Buffer);
      check(
        hash.digest('hex') === big.sha256,
        'the downloaded bytes differ from the uploaded ones',
      );
      report.detail(
        'written',
        `${formatBytes(written)} in ${Math.round(ms)} ms (${mibPerSecond(written, ms)}), sha256 matches`,
      );
    },
  },
  {
    title: 'overwrite: new content under the same handle',
    hint: 'overwriting needs the `write` call when security is on',
    skip: ({ env }) =>
      env.emulated || env.secret
        ? undefined
        : 'Filestack needs a signed policy for this: set FILESTACK_APP_SECRET',
    async run({ report, temp, signal, made }) {
      const { filelink } = need(made.big, 'the generated file');
      const path = join(temp, 'notes.txt');
      const text = `Overwritten by the fs demo at ${new Date().toISOString()}\n`;
      await writeFile(path, text);
      await filelink.overwrite({ filepath: path }, { signal });
      const metadata = await filelink.metadata(['size', 'filename', 'mimetype'], { signal });
      check(metadata.size === Buffer.byteLength(text), `size after overwrite is ${metadata.size}`);
      const content = new TextDecoder().decode(await filelink.getContent({ signal }));
      check(content === text, 'the new content is not served');
      report.detail('handle', `${filelink.handle} (unchanged)`);
      report.detail('metadata', JSON.stringify(metadata));
    },
  },
  {
    title: 'transform and store: resize, round corners, to WebP',
    hint: 'processing needs the `convert` and `store` calls when security is on',
    async run({ report, signal, made }) {
      const chain = need(made.sample, 'the sample image')
        .resize({ width: 240 })
        .roundCorners({ radius: 24 })
        .filetypeConversion({ format: 'webp' });
      report.detail('chain', chain.url);
      const thumb = await chain.store({ filename: 'sunset-thumb.webp' }, { signal });
      made.stored.push(thumb);
      const size = await thumb.imagesize().getJson<{ width: number; height: number }>({ signal });
      check(size.width === 240, `the stored image is ${size.width} px wide`);
      report.detail(
        'stored',
        `${thumb.url} (${thumb.uploadResponse?.mimetype}, ${size.width}x${size.height})`,
      );
    },
  },
  {
    title: 'transform an external URL (a local file server)',
    hint: 'Filestack must be able to fetch the URL (FILESTACK_EXTERNAL_URL on the real service)',
    skip: ({ env }) =>
      env.emulated || env.externalUrl
        ? undefined
        : 'Filestack cannot reach this machine: set FILESTACK_EXTERNAL_URL to a public image',
    async run({ env, client, report, samplePath, signal, made }) {
      const server = env.emulated ? await serveFile(samplePath, 'image/png') : undefined;
      try {
        const url = server?.url ?? need(env.externalUrl, 'FILESTACK_EXTERNAL_URL');
        report.detail('source', url);
        const transform = client.transformExternal(url).resize({ width: 160 }).monochrome();
        report.detail('url', transform.url);
        const stored = await transform.store(undefined, { signal });
        made.stored.push(stored);
        const size = await stored.imagesize().getJson<{ width: number }>({ signal });
        check(size.width === 160, `the stored image is ${size.width} px wide`);
        report.detail('stored', `${stored.url} (${formatBytes(stored.uploadResponse?.size ?? 0)})`);
      } finally {
        await server?.close();
      }
    },
  },
  {
    title: 'convert audio (avConvert, live status until done)',
    hint: 'conversion needs the `convert` call when security is on',
    async run({ client, report, temp, signal, made }) {
      const { writeTone } = await import('./tone.js');
      const path = join(temp, 'tone.wav');
      await writeTone(path);
      const tone = await client.upload({ filepath: path, signal });
      made.stored.push(tone);
      const started = performance.now();
      const av = await tone.avConvert({ preset: 'mp3' }, { signal });
      report.detail('job', `uuid ${av.uuid}, timestamp ${av.timestamp}`);
      const seen: string[] = [];
      const result = await av.wait({
        interval: 200,
        backoff: 1,
        timeout: 60_000,
        signal,
        onStatus: (status) => {
          seen.push(`${status} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
          report.status(`status: ${status}`);
        },
      });
      report.detail('status', seen.join(' → '));
      const converted = await av.toFilelink({ signal });
      made.stored.push(converted);
      const bytes = await converted.getContent({ signal });
      report.detail('converted', `${converted.url} (${formatBytes(bytes.length)})`);
      // The emulator says when it could not convert for real (no ffmpeg on the PATH).
      const note = (result.raw.emulator as { note?: string } | undefined)?.note;
      if (note) report.detail('note', note);
    },
  },
  {
    title: 'convert a video (avConvert to H.264 at 320x180, output measured)',
    hint: 'conversion needs the `convert` call when security is on',
    skip: ({ ffmpeg }) =>
      ffmpeg
        ? undefined
        : 'needs ffmpeg on the PATH to make the sample video and, on the emulator, to convert it ' +
          '(Debian/Ubuntu: sudo apt-get install ffmpeg; macOS: brew install ffmpeg; ' +
          'Windows: winget install ffmpeg)',
    async run({ client, report, ffmpeg, signal, made }) {
      const source = { width: 640, height: 360 };
      const video = await client.upload({
        file: await sampleVideo({ ...source, seconds: 2, ffmpeg }),
        storeParams: { filename: 'pattern.mp4' },
        signal,
      });
      made.stored.push(video);
      const av = await video.avConvert(
        { preset: 'h264', width: 320, height: 180, aspect_mode: 'crop' },
        { signal },
      );
      const result = await av.wait({ interval: 200, backoff: 1, timeout: 120_000, signal });
      const converted = await av.toFilelink({ signal });
      made.stored.push(converted);
      const bytes = await converted.getContent({ signal });
      // The output's own MP4 boxes, not what the service says about it.
      const track = need(
        readMp4Tracks(bytes).tracks.find((t) => t.kind === 'vide'),
        'the video track of the output',
      );
      check(
        track.width === 320 && track.height === 180,
        `the output is ${track.width}x${track.height}`,
      );
      check(result.raw.emulator === undefined, 'the emulator converted for real');
      report.detail(
        'converted',
        `${source.width}x${source.height} → ${track.width}x${track.height} ${track.codec}, ` +
          `${track.duration.toFixed(1)} s, ${formatBytes(bytes.length)}`,
      );
    },
  },
  {
    title: 'a security-signed client',
    hint: 'the policy must be signed with the app secret and allow the calls used',
    skip: ({ env }) =>
      env.emulated || env.secret ? undefined : 'set FILESTACK_APP_SECRET to sign requests',
    async run({ env, report, samplePath, signal }) {
      const service = need(await env.openSecured(), 'a service that enforces policies');
      try {
        const policy = createPolicy({
          expiresIn: 600,
          call: ['pick', 'read', 'store', 'convert', 'remove'],
        });
        const security = new Security(policy, service.secret);
        const client = new Client(service.apikey, { urls: service.urls, security });
        const filelink = await client.upload({ filepath: samplePath, signal });
        report.detail(
          'policy',
          `calls ${policy.call?.join(', ')}; expires ${new Date(policy.expiry * 1000).toISOString()}`,
        );
        report.detail('signed', redactUrl(filelink.resize({ width: 120 }).signedUrl()));
        const bytes = await filelink.getContent({ signal });
        report.detail('read', `${formatBytes(bytes.length)} with the inherited policy`);
        if (env.emulated) {
          const unsigned = new Client(service.apikey, { urls: service.urls }).filelink(
            filelink.handle,
          );
          const refused = await unsigned.getContent({ signal }).then(
            () => undefined,
            (error: unknown) => error,
          );
          check(
            refused instanceof HttpError && refused.status === 403,
            'an unsigned read was not refused',
          );
          report.detail(
            'unsigned',
            `refused as expected: HttpError ${(refused as HttpError).status}`,
          );
        }
        await filelink.delete({ signal });
      } finally {
        await service.close();
      }
    },
  },
  {
    title: 'receive a webhook on a local endpoint and verify it',
    hint: 'the signature is checked with the webhook secret over the raw body',
    skip: ({ env }) =>
      env.webhooks
        ? undefined
        : 'Filestack sends webhooks to the URL set in its developer portal, not to this machine',
    async run({ env, client, report, signal, made }) {
      const webhooks = need(env.webhooks, 'webhook delivery');
      const { receiveWebhooks } = await import('./webhook-receiver.js');
      const receiver = await receiveWebhooks();
      webhooks.add(receiver.url);
      try {
        report.detail('endpoint', receiver.url);
        const file = await client.upload({
          file: new TextEncoder().encode('a file to be told about'),
          storeParams: { filename: 'webhook.txt' },
          signal,
        });
        made.stored.push(file);
        const hook = await receiver.next(
          ({ body }) => body.includes('"fp.upload"') && body.includes(file.handle),
          10_000,
        );
        const verdict = await verifyWebhookSignature(webhooks.secret, hook.body, hook.headers);
        check(
          verdict.valid,
          `the signature did not verify: ${verdict.valid ? '' : verdict.reason}`,
        );
        const event = JSON.parse(hook.body.toString('utf8')) as { id: number; action: string };
        report.detail(
          'received',
          `${event.action} #${event.id} for ${file.handle}, FS-Timestamp ${hook.headers['fs-timestamp']}`,
        );
        report.detail(
          'verified',
          'FS-Signature is the HMAC-SHA256 of the raw body under the webhook secret',
        );
        const tampered = Buffer.from(
          hook.body.toString('utf8').replace('webhook.txt', 'other.txt'),
        );
        const forged = await verifyWebhookSignature(webhooks.secret, tampered, hook.headers);
        check(!forged.valid, 'a tampered body verified');
        report.detail('tampered', `refused as expected: ${forged.valid ? '' : forged.reason}`);
      } finally {
        webhooks.remove(receiver.url);
        await receiver.close();
      }
    },
  },
  {
    title: 'delete the files the demo made',
    hint: 'deleting needs the API key and, when security is on, the `remove` call',
    skip: ({ env }) =>
      env.emulated || env.secret
        ? undefined
        : 'Filestack needs a signed policy for this: set FILESTACK_APP_SECRET',
    async run({ report, signal, made }) {
      const files = [made.sample, made.big?.filelink, ...made.stored].filter(
        (file): file is Filelink => file !== undefined,
      );
      for (const file of files) await file.delete({ signal });
      const gone = await files[0]?.getContent({ signal }).then(
        () => undefined,
        (error: unknown) => error,
      );
      check(
        files.length === 0 || (gone instanceof HttpError && gone.status === 404),
        'a deleted file is still served',
      );
      report.detail('deleted', `${files.length} files; reading one now answers HTTP 404`);
    },
  },
];
