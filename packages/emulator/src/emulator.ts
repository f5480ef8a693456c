import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import type { EmulatorContext } from './context.js';
import { FaultBook } from './faults/fault-book.js';
import { RequestLog } from './http/request-log.js';
import { DEFAULT_APIKEY } from './ids.js';
import { registerCdn } from './routes/cdn.js';
import { registerControl } from './routes/control.js';
import { registerFileApi } from './routes/file-api.js';
import { registerProcess } from './routes/process.js';
import { registerUploadApi } from './routes/upload-api.js';
import { FileStore } from './store/file-store.js';
import type { Emulator, EmulatorOptions } from './types.js';
import { UploadSessions } from './upload/upload-sessions.js';
import { VideoJobs } from './video/video-jobs.js';
import { WebhookSender } from './webhooks/webhook-sender.js';

/** Headers a browser upload asks to send (spec 1.5), allowed when a preflight names none. */
const ALLOWED_HEADERS = [
  'content-type',
  'content-md5',
  'filestack-source',
  'filestack-trace-id',
  'filestack-trace-span',
  'filestack-upload-region',
  'x-amz-content-sha256',
  'authorization',
  'range',
  'if-none-match',
].join(', ');

const EXPOSED_HEADERS = [
  'ETag',
  'Content-Length',
  'Content-Range',
  'Content-Disposition',
  'Accept-Ranges',
  'X-File-Name',
  'Retry-After',
  'X-Fs-Emulator-Unapplied',
].join(', ');

const HOUR = 60 * 60 * 1000;

function checkOptions(options: EmulatorOptions): void {
  const { port, apikey, secret, partUrlTtl, seed } = options;
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65_535)) {
    throw new TypeError(`port: got ${String(port)}; expected an integer from 0 to 65535`);
  }
  if (apikey !== undefined && (typeof apikey !== 'string' || !/^[A-Za-z0-9]+$/.test(apikey))) {
    throw new TypeError('apikey: expected a non-empty alphanumeric string');
  }
  if (secret !== undefined && (typeof secret !== 'string' || secret === '')) {
    throw new TypeError('secret: expected a non-empty string');
  }
  if (partUrlTtl !== undefined && (!Number.isFinite(partUrlTtl) || partUrlTtl <= 0)) {
    throw new TypeError(`partUrlTtl: got ${String(partUrlTtl)}; expected milliseconds > 0`);
  }
  if (seed !== undefined && !Number.isFinite(seed)) {
    throw new TypeError(`seed: got ${String(seed)}; expected a number`);
  }
}

function buildServer(ctx: EmulatorContext, reset: () => void): FastifyInstance {
  const app = Fastify({
    logger: false,
    // Routes are declared with their HEAD twins where HEAD makes sense.
    exposeHeadRoutes: false,
    // CDN paths carry whole task chains and URLs.
    routerOptions: { maxParamLength: 64 * 1024 },
    // close() must not wait for stalled or keep-alive connections.
    forceCloseConnections: true,
    return503OnClosing: true,
  });
  app.decorateRequest('emuRecord', null);
  // Bodies are handed to the routes as streams: part bytes and overwrites go straight to disk,
  // API routes read their few fields themselves (JSON, form-data or urlencoded).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));

  app.addHook('onRequest', async (request, reply) => {
    reply.header('access-control-allow-origin', '*');
    reply.header('access-control-expose-headers', EXPOSED_HEADERS);
    if (request.method === 'OPTIONS') {
      reply
        .header('access-control-allow-methods', 'GET, HEAD, POST, PUT, DELETE, OPTIONS')
        .header(
          'access-control-allow-headers',
          request.headers['access-control-request-headers'] ?? ALLOWED_HEADERS,
        )
        .header('access-control-max-age', '600')
        .code(204)
        .send();
      return reply;
    }
  });
  app.addHook('onResponse', async (request, reply) => {
    if (request.emuRecord) request.emuRecord.status = reply.statusCode;
  });
  app.options('/*', async (_request, reply) => reply.code(204).send());

  registerControl(app, ctx, reset);
  registerUploadApi(app, ctx);
  registerProcess(app, ctx);
  registerFileApi(app, ctx);
  registerCdn(app, ctx);
  return app;
}

/**
 * Starts a local Filestack-compatible server: upload API, part PUT route, file API, CDN
 * delivery and `/process` on one origin, with security and fault injection.
 *
 * @example
 * ```ts
 * const emu = await startEmulator({ port: 0 });
 * // point an SDK at emu.urls with apikey emu.apikey, then:
 * await emu.close();
 * ```
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  checkOptions(options);
  // Bad webhook options fail here, before a temp dir or a port is taken.
  const webhooks = new WebhookSender(options.webhooks);
  const ownDataDir = options.dataDir === undefined;
  const dataDir = ownDataDir
    ? await mkdtemp(join(tmpdir(), 'fs-emulator-'))
    : resolve(options.dataDir!);
  await mkdir(dataDir, { recursive: true });
  const files = new FileStore(dataDir);
  const uploads = new UploadSessions(join(dataDir, 'uploads'));
  await files.init();
  await uploads.init();
  const faults = new FaultBook(options.seed ?? 1);
  for (const rule of options.faults ?? []) faults.add(rule);
  const ctx: EmulatorContext = {
    apikey: options.apikey ?? DEFAULT_APIKEY,
    secret: options.secret,
    intelligent: options.intelligent ?? true,
    partUrlTtl: options.partUrlTtl ?? HOUR,
    origin: '',
    files,
    uploads,
    faults,
    log: new RequestLog(),
    webhooks,
    videos: undefined as unknown as VideoJobs,
  };
  try {
    ctx.videos = new VideoJobs(ctx, options.video);
  } catch (error) {
    if (ownDataDir) await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  const reset = () => {
    ctx.faults.clear();
    ctx.log.reset();
    ctx.webhooks.forget();
  };
  const app = buildServer(ctx, reset);
  const host = options.host ?? '127.0.0.1';
  try {
    await app.listen({ port: options.port ?? 0, host });
  } catch (error) {
    if (ownDataDir) await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  const url = `http://${urlHost}:${port}`;
  ctx.origin = url;
  let closing: Promise<void> | undefined;
  return {
    url,
    urls: { upload: url, cdn: url, api: `${url}/api`, process: url },
    apikey: ctx.apikey,
    secret: ctx.secret,
    dataDir,
    faults: {
      add: (rule) => ctx.faults.add(rule),
      clear: () => ctx.faults.clear(),
    },
    stats: () => ctx.log.snapshot(),
    webhooks: {
      secret: webhooks.secret,
      add: (url) => void webhooks.add(url),
      remove: (url) => webhooks.remove(url),
      endpoints: () => webhooks.endpoints(),
      deliveries: () => webhooks.deliveries(),
      settled: () => webhooks.settled(),
    },
    reset,
    close() {
      closing ??= (async () => {
        await ctx.videos.close();
        webhooks.close();
        await app.close();
        await webhooks.settled();
        if (ownDataDir) await rm(dataDir, { recursive: true, force: true });
      })();
      return closing;
    },
  };
}
