import { randomBytes } from 'node:crypto';
import { type ClientOptions, createPolicy, Security } from '@fs/client';
import type { Hosts } from '@fs/core';
import { startEmulator } from '@fs/emulator';

/** A service the demo can talk to: where it is and how to sign for it. */
export interface ServiceAccess {
  apikey: string;
  /** Host overrides (the emulator's); none for Filestack. */
  urls?: Partial<Hosts>;
  /** The app secret, when requests can be signed. */
  secret?: string;
}

/** What the steps run against: the embedded emulator, or Filestack with your key. */
export interface DemoEnvironment extends ServiceAccess {
  /** One line for the banner. */
  description: string;
  emulated: boolean;
  /** Options of the demo's main Client. */
  clientOptions: ClientOptions;
  /**
   * A service that enforces security policies, for the security step: a second emulator with a
   * fresh secret, or Filestack itself when FILESTACK_APP_SECRET is set; `undefined` otherwise.
   */
  openSecured(): Promise<(ServiceAccess & { secret: string; close(): Promise<void> }) | undefined>;
  /** A public image URL for the external-URL step on Filestack (FILESTACK_EXTERNAL_URL). */
  externalUrl?: string;
  /**
   * Where webhooks can be received: the emulator delivers them to endpoints added at run time,
   * signed with `secret`. Filestack sends them to the URL set in its developer portal only.
   */
  webhooks?: { secret: string; add(url: string): void; remove(url: string): void };
  close(): Promise<void>;
}

/**
 * Without FILESTACK_API_KEY: the emulator, in this process, on a free loopback port. With it:
 * Filestack, signed with FILESTACK_APP_SECRET when given.
 */
export async function openEnvironment(
  env: Record<string, string | undefined>,
): Promise<DemoEnvironment> {
  const apikey = env.FILESTACK_API_KEY;
  if (!apikey) {
    const emu = await startEmulator({
      port: 0,
      // Slow enough to watch the status move, and for each status to be seen on a loaded
      // machine; converts for real when ffmpeg is on the PATH.
      video: { pendingMs: 1000, startedMs: 1500 },
      webhooks: { secret: randomBytes(16).toString('hex'), retryDelays: [200, 500] },
    });
    return {
      description: `embedded emulator at ${emu.url} (set FILESTACK_API_KEY to use Filestack)`,
      emulated: true,
      apikey: emu.apikey,
      urls: emu.urls,
      clientOptions: { urls: emu.urls },
      webhooks: {
        secret: emu.webhooks.secret,
        add: (url) => emu.webhooks.add(url),
        remove: (url) => emu.webhooks.remove(url),
      },
      async openSecured() {
        const secret = randomBytes(16).toString('hex');
        const secured = await startEmulator({ port: 0, secret });
        return { apikey: secured.apikey, urls: secured.urls, secret, close: () => secured.close() };
      },
      close: () => emu.close(),
    };
  }
  const secret = env.FILESTACK_APP_SECRET || undefined;
  // Every call but exif, for the demo's hour: the steps upload, read, store, overwrite, delete.
  const security = secret ? new Security(createPolicy({ expiresIn: 3600 }), secret) : undefined;
  return {
    description: `Filestack, API key ${apikey.slice(0, 4)}…${secret ? ', signed with FILESTACK_APP_SECRET' : ''}`,
    emulated: false,
    apikey,
    secret,
    clientOptions: { security },
    openSecured: async () => (secret ? { apikey, secret, close: async () => {} } : undefined),
    externalUrl: env.FILESTACK_EXTERNAL_URL || undefined,
    close: async () => {},
  };
}
