import type { ServerResponse } from 'node:http';
import { type Emulator, type EmulatorOptions, startEmulator } from '@fs/emulator';
import type { Plugin, PreviewServer, ViteDevServer } from 'vite';
import { CONFIG_PATH, type DemoConfig } from './src/demo-config.js';

/** Options of `emulatorPlugin`. */
export interface EmulatorPluginOptions {
  /** Use this running emulator (the browser tests pass theirs); it is not closed with the server. */
  emulator?: Emulator;
  /** Options of the emulator the plugin starts when none is given. Default: a free port. */
  start?: EmulatorOptions;
}

/**
 * Starts `@fs/emulator` with Vite's dev and preview servers, answers its API key and hosts at
 * `/emulator.json` for the page, and closes it (removing its temporary files) with the server.
 */
export function emulatorPlugin(options: EmulatorPluginOptions = {}): Plugin {
  let running: Promise<Emulator> | undefined;

  const attach = (server: ViteDevServer | PreviewServer) => {
    const owned = !options.emulator;
    running ??= options.emulator
      ? Promise.resolve(options.emulator)
      : startEmulator({ port: 0, ...options.start });
    const emulator = running;

    server.middlewares.use(CONFIG_PATH, (_request, response: ServerResponse, next) => {
      emulator.then((emu) => {
        const config: DemoConfig = { apikey: emu.apikey, urls: emu.urls };
        response.setHeader('content-type', 'application/json');
        response.setHeader('cache-control', 'no-store');
        response.end(JSON.stringify(config));
      }, next);
    });

    emulator.then(
      (emu) => server.config.logger.info(`  emulator: ${emu.url} (apikey ${emu.apikey})`),
      (error: Error) => server.config.logger.error(`emulator failed to start: ${error.message}`),
    );

    if (!owned) return;
    let closing: Promise<void> | undefined;
    const close = () => {
      closing ??= emulator.then((emu) => emu.close()).catch(() => {});
      return closing;
    };
    server.httpServer?.once('close', close);
    // Ctrl-C ends the process without closing the server: close the emulator first, so its
    // temporary data directory is removed.
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => {
        void close().then(() => process.exit(130));
      });
    }
  };

  return { name: 'fs-emulator', configureServer: attach, configurePreviewServer: attach };
}
