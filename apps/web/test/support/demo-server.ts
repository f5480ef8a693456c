import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Emulator, startEmulator } from '@fs/emulator';
import { type Plugin, type PreviewServer, preview } from 'vite';
import { emulatorPlugin } from '../../emulator-plugin.js';

export const APP_DIR = fileURLToPath(new URL('../..', import.meta.url));

export interface DemoServer {
  /** The page's origin, e.g. `http://127.0.0.1:PORT`. The emulator is on another port. */
  url: string;
  emulator: Emulator;
  close(): Promise<void>;
}

/**
 * Serves the production build (`dist/`, as `pnpm --filter @fs/web build` leaves it) with Vite's
 * preview server, beside an emulator the test controls (faults, stats). `files` adds JavaScript
 * modules at given paths, for the import checks; `headers` are sent with every response (a
 * Content-Security-Policy, say).
 */
export async function startDemo(
  files: ReadonlyMap<string, string> = new Map(),
  headers: Record<string, string> = {},
): Promise<DemoServer> {
  if (!existsSync(`${APP_DIR}/dist/index.html`)) {
    throw new Error('apps/web/dist is missing: run `pnpm --filter @fs/web build` first');
  }
  const emulator = await startEmulator({ port: 0 });
  let server: PreviewServer | undefined;
  try {
    server = await preview({
      root: APP_DIR,
      configFile: false,
      logLevel: 'warn',
      plugins: [emulatorPlugin({ emulator }), serveModules(files)],
      preview: { host: '127.0.0.1', port: 0, strictPort: true, open: false, headers },
    });
  } catch (error) {
    await emulator.close();
    throw error;
  }
  const address = server.httpServer.address();
  if (address === null || typeof address === 'string') throw new Error('preview has no port');
  const started = server;
  return {
    url: `http://127.0.0.1:${address.port}`,
    emulator,
    async close() {
      await started.close();
      await emulator.close();
    },
  };
}

function serveModules(files: ReadonlyMap<string, string>): Plugin {
  return {
    name: 'test-modules',
    configurePreviewServer(server) {
      server.middlewares.use((request, response, next) => {
        const code = files.get(request.url ?? '');
        if (code === undefined) return next();
        response.setHeader('content-type', 'text/javascript');
        response.end(code);
      });
    },
  };
}
