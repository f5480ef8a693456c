import type { FaultRule } from './faults/fault-rule.js';
import type { EmulatorStats } from './http/request-log.js';
import type { VideoOptions } from './video/video-jobs.js';
import type { WebhookDelivery, WebhookOptions } from './webhooks/webhook-types.js';

/** Base URLs of the emulator, shaped like the SDK's `urls` host option. */
export interface EmulatorUrls {
  /** Upload API (`/multipart/*`). */
  upload: string;
  /** CDN delivery (`/<handle>`, `/<tasks>/<source>`). */
  cdn: string;
  /** File API base; file routes are under `<api>/file/<handle>`. */
  api: string;
  /** Processing host for `/process`. */
  process: string;
}

/** Options of {@link startEmulator}. */
export interface EmulatorOptions {
  /** TCP port; 0 (the default) picks any free port. */
  port?: number;
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string;
  /** The one valid API key. Default {@link DEFAULT_APIKEY}. */
  apikey?: string;
  /** The app secret. When set, policies and signatures are enforced (spec 7.4). */
  secret?: string;
  /** Where files are kept. Default: a fresh temp dir, removed on `close()`. */
  dataDir?: string;
  /** Whether the app has Intelligent Ingestion (start answers `upload_type`). Default true. */
  intelligent?: boolean;
  /** Fault rules active from the start. */
  faults?: FaultRule[];
  /** Seed of the generator behind probabilistic faults. Default 1. */
  seed?: number;
  /** Milliseconds a part PUT URL stays valid. Default one hour. */
  partUrlTtl?: number;
  /** Webhook endpoints, secret and retry schedule (spec 8). No endpoints: nothing is sent. */
  webhooks?: WebhookOptions;
  /** How `video_convert` jobs move on, and which ffmpeg converts. */
  video?: VideoOptions;
}

/** Webhook endpoints and the record of deliveries of a running emulator. */
export interface EmulatorWebhooks {
  /** The key `FS-Signature` is made with. */
  readonly secret: string;
  /** Adds an endpoint; every later event goes to it too. */
  add(url: string): void;
  /** Removes an endpoint; true when it was configured. */
  remove(url: string): boolean;
  /** The configured endpoints. */
  endpoints(): string[];
  /** Every delivery since start or the last `reset()`, oldest first. */
  deliveries(): WebhookDelivery[];
  /** Resolves once no delivery is pending (retries included). */
  settled(): Promise<void>;
}

/** A running emulator. */
export interface Emulator {
  /** The one origin serving every route, e.g. `http://127.0.0.1:4000`. */
  url: string;
  urls: EmulatorUrls;
  apikey: string;
  secret: string | undefined;
  /** Where the files are stored. */
  dataDir: string;
  faults: {
    add(rule: FaultRule): void;
    clear(): void;
  };
  stats(): EmulatorStats;
  /** Webhook endpoints and deliveries. */
  webhooks: EmulatorWebhooks;
  /** Clears faults, counts, the request log and finished webhook deliveries; files stay. */
  reset(): void;
  close(): Promise<void>;
}
