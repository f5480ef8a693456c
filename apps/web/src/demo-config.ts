import type { UploadOptions } from '@fs/upload';

/** What the page needs to talk to the emulator: its API key and its hosts. */
export interface DemoConfig {
  apikey: string;
  urls: NonNullable<UploadOptions['urls']>;
}

/** Where the dev and preview servers (vite.config.ts) answer the emulator's settings. */
export const CONFIG_PATH = '/emulator.json';

/**
 * Asks the page's own server for the emulator to use. The emulator is started by the dev
 * server on a free port, so its URL is only known at run time, not at build time.
 */
export async function loadDemoConfig(): Promise<DemoConfig> {
  const response = await fetch(CONFIG_PATH);
  if (!response.ok) {
    throw new Error(
      `${CONFIG_PATH} answered ${response.status}: serve this page with \`pnpm --filter @fs/web dev\` (or preview), which starts the emulator`,
    );
  }
  return (await response.json()) as DemoConfig;
}
