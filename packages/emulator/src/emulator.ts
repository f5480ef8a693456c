import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { checkOptions } from './check-options.js';
import { createContext, type EmulatorContext } from './context.js';
import { createHttpServer } from './http/server.js';
import { CONTROL_PREFIX } from './routes/control.js';
import { registerRoutes } from './routes/register-routes.js';
import { BrowserOrigins } from './security/browser-origins.js';
import { HostNames } from './security/host-names.js';
import { openDataDir } from './store/data-dir.js';
import type { Emulator, EmulatorOptions } from './types.js';

/** `http://host:port` of a listening server, with IPv6 in brackets and `0.0.0.0` as loopback. */
function listeningOrigin(app: FastifyInstance, host: string): string {
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  return `http://${urlHost}:${port}`;
}

/** Clears faults, counts, the request log and finished webhook deliveries; files stay. */
function resetState(ctx: EmulatorContext): void {
  ctx.faults.clear();
  ctx.log.reset();
  ctx.webhooks.forget();
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
  const ownDataDir = options.dataDir === undefined;
  const dataDir = ownDataDir
    ? await mkdtemp(join(tmpdir(), 'fs-emulator-'))
    : resolve(options.dataDir!);
  const host = options.host ?? '127.0.0.1';
  let ctx: EmulatorContext;
  let app: FastifyInstance;
  try {
    ctx = await createContext(options, await openDataDir(dataDir));
    app = createHttpServer({
      origins: new BrowserOrigins(options.cors),
      // Its own names: the publicUrl host (or the address it listens on) and the `host` option.
      hosts: new HostNames(options.allowedHosts, () => [new URL(ctx.origin.href).hostname, host]),
      controlAllowed: (authorization) => ctx.access.controlAllowed(authorization),
      controlPrefix: CONTROL_PREFIX,
    });
    registerRoutes(app, ctx, () => resetState(ctx));
    await app.listen({ port: options.port ?? 0, host });
  } catch (error) {
    if (ownDataDir) await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  const url = listeningOrigin(app, host);
  ctx.origin.listening(url);
  const client = ctx.origin.href;
  const { webhooks } = ctx;
  let closing: Promise<void> | undefined;
  return {
    url,
    urls: { upload: client, cdn: client, api: `${client}/api`, process: client },
    apikey: ctx.access.apikey,
    secret: ctx.access.secret,
    dataDir,
    faults: {
      add: (rule) => ctx.faults.add(rule),
      clear: () => ctx.faults.clear(),
    },
    stats: () => ctx.log.snapshot(),
    webhooks: {
      secret: webhooks.secret,
      add: (endpoint) => void webhooks.add(endpoint),
      remove: (endpoint) => webhooks.remove(endpoint),
      endpoints: () => webhooks.endpoints(),
      deliveries: () => webhooks.deliveries(),
      settled: () => webhooks.settled(),
    },
    reset: () => resetState(ctx),
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
