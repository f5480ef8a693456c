import type { FaultRule } from './faults/fault-rule.js';
import type { EmulatorStats } from './http/request-log.js';
import type { ExternalFetchOptions } from './sources/fetch-source.js';
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
  /**
   * TCP port; 0 picks any free port.
   * @default 0
   */
  port?: number;
  /**
   * Interface to listen on.
   * @default '127.0.0.1'
   */
  host?: string;
  /**
   * The origin written into answers (`location_url`, part URLs, file URLs, webhook payloads)
   * and into `emu.urls`, for when clients reach the emulator through a proxy, e.g.
   * `http://127.0.0.1:8080`. An origin only: scheme, host and port, no path.
   * @default the origin it listens on
   */
  publicUrl?: string;
  /**
   * The one valid API key.
   * @default DEFAULT_APIKEY
   */
  apikey?: string;
  /**
   * The app secret. When set, policies and signatures are enforced, and the control
   * routes (`/__emulator/*`) need it as a token (`Authorization: Bearer <secret>`).
   */
  secret?: string;
  /**
   * Web pages, by origin (`https://app.example.com`), that may call the emulator from a browser
   * besides pages on this machine (`localhost`, `*.localhost`, `127.0.0.1`, `[::1]`, any port),
   * which always may; `'*'` lets every page in. Other pages can neither read an answer nor send
   * a POST, PUT or DELETE.
   * @default [] (pages on this machine only)
   */
  cors?: string[] | '*';
  /**
   * Host names the emulator answers to besides `localhost`, `*.localhost`, IP addresses and its
   * own names (the `publicUrl` host, `host`): e.g. a docker-compose service name. `.example.test`
   * allows the name and its subdomains; `'*'` any name. Other `Host` headers are refused (403),
   * which keeps a web page using DNS rebinding out.
   * @default []
   */
  allowedHosts?: string[] | '*';
  /**
   * Where files are kept; kept across restarts.
   * @default a fresh temp dir, removed on `close()`
   */
  dataDir?: string;
  /**
   * Whether the app has Intelligent Ingestion (start answers `upload_type`).
   * @default true
   */
  intelligent?: boolean;
  /** Fault rules active from the start. */
  faults?: FaultRule[];
  /**
   * Seed of the fault rules that have a `rate` but no `seed` of their own.
   * @default 1
   */
  seed?: number;
  /**
   * Milliseconds a part PUT URL stays valid.
   * @default 3600000 (one hour)
   */
  partUrlTtl?: number;
  /**
   * Milliseconds a multipart upload stays open after its start. After that it answers like an
   * upload the service no longer knows (see docs/protocol.md), and its parts are removed.
   * @default 86400000 (one day)
   */
  uploadTtl?: number;
  /**
   * Limits on fetching external URLs (`/process`, CDN URL sources, overwrite with `url=`):
   * `{ timeout, maxSize, maxRedirects }`.
   * @default { timeout: 30000, maxSize: 1073741824, maxRedirects: 10 }
   */
  externalFetch?: ExternalFetchOptions;
  /**
   * Webhook endpoints, secret and retry schedule (docs/protocol.md#emulator-notes-webhooks). No
   * endpoints: nothing is sent.
   */
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
  /** The one origin it listens on, serving every route, e.g. `http://127.0.0.1:4000`. */
  url: string;
  /** Where clients should send each kind of call: `publicUrl` when given, otherwise `url`. */
  urls: EmulatorUrls;
  apikey: string;
  secret: string | undefined;
  /** Where the files are stored. */
  dataDir: string;
  /** Faults to inject into the requests that follow. */
  faults: {
    /** Adds a fault; it fires on the matching requests its rule picks. */
    add(rule: FaultRule): void;
    /** Removes every fault. */
    clear(): void;
  };
  /** Request counts per route and a record of every request, as answered so far. */
  stats(): EmulatorStats;
  /** Webhook endpoints and deliveries. */
  webhooks: EmulatorWebhooks;
  /** Clears faults, counts, the request log and finished webhook deliveries; files stay. */
  reset(): void;
  /** Stops the server, waits for work under way, and removes a data directory it created. */
  close(): Promise<void>;
}
