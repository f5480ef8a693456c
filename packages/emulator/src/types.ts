/** The emulator's routes, as counted in `stats()` and targeted by fault rules. */
export type RouteName =
  | 'start'
  | 'upload'
  | 'put'
  | 'commit'
  | 'complete'
  | 'process'
  | 'cdn'
  | 'file';

/** Every route name, in protocol order. */
export const ROUTE_NAMES: readonly RouteName[] = [
  'start',
  'upload',
  'put',
  'commit',
  'complete',
  'process',
  'cdn',
  'file',
];

/**
 * What a fault does to a request it fires on:
 * - `status`: answer `status` (default 503) with the route's error body shape;
 * - `rate-limit`: answer 429 with `Retry-After: retryAfter` seconds (default 1);
 * - `reset`: destroy the connection while the body arrives, with no answer at all;
 * - `stall`: wait `ms` milliseconds, then handle the request normally;
 * - `skew`: answer 403 with S3's `RequestTimeTooSkewed` XML (meant for the part PUT);
 * - `accepted`: answer 202 `{}` (meant for complete: "still processing, ask again").
 */
export type FaultKind = 'status' | 'rate-limit' | 'reset' | 'stall' | 'skew' | 'accepted';

/** Every fault kind. */
export const FAULT_KINDS: readonly FaultKind[] = [
  'status',
  'rate-limit',
  'reset',
  'stall',
  'skew',
  'accepted',
];

/**
 * A fault to inject. Which matching requests it fires on is chosen by at most one of `nth`,
 * `times` and `probability`; with none of them it fires on every matching request.
 *
 * @example Fail the 2nd and 3rd part PUT with a 503
 * ```ts
 * emu.faults.add({ route: 'put', kind: 'status', status: 503, nth: [2, 3] });
 * ```
 */
export interface FaultRule {
  route: RouteName;
  kind: FaultKind;
  /** For `status`: the status to answer. Default 503. */
  status?: number;
  /** For `rate-limit`: seconds in `Retry-After`. Default 1. */
  retryAfter?: number;
  /** For `stall`: milliseconds to wait before answering. Default 1000. */
  ms?: number;
  /** Fire on these 1-based occurrences of matching requests, counted from when the rule was added. */
  nth?: number[];
  /** Fire on the next `times` matching requests. */
  times?: number;
  /** Fire with this probability (0 to 1), drawn from the emulator's seeded generator. */
  probability?: number;
  /** Only requests for this part number match (upload, put and commit carry one). */
  part?: number;
}

/** One request the emulator received, in arrival order. */
export interface RequestRecord {
  route: RouteName;
  method: string;
  /** The status answered; 0 while the request is in flight and when the connection was reset. */
  status: number;
  uploadId?: string;
  part?: number;
  offset?: number;
  size?: number;
  /** The fault that fired on this request, if any. */
  fault?: FaultKind;
  /** Arrival time, ms since the epoch. */
  at: number;
}

/** Request counts per route and the request log, since start or the last `reset()`. */
export interface EmulatorStats {
  counts: Record<RouteName, number>;
  requests: RequestRecord[];
}

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

/** Options of webhook delivery (spec 8). */
export interface WebhookOptions {
  /** Endpoints that receive every event. More can be added with `emu.webhooks.add(url)`. */
  urls?: string[];
  /** The key of `FS-Signature`. Default `DEFAULT_WEBHOOK_SECRET` (`fs-emulator-webhook-secret`). */
  secret?: string;
  /**
   * Milliseconds to wait before each retry of a failed delivery; one retry per entry.
   * Default `[1000, 5000, 15000]`. `[]` never retries.
   */
  retryDelays?: number[];
  /** Milliseconds one attempt may take before it counts as failed. Default 5000. */
  timeout?: number;
}

/** One POST of a delivery. */
export interface WebhookAttempt {
  /** When it was sent, ms since the epoch. */
  at: number;
  /** The `FS-Timestamp` it was signed with (unix seconds). */
  timestamp: string;
  /** The receiver's HTTP status; 0 when there was no answer. */
  status: number;
  /** Why it did not count as delivered. */
  error?: string;
}

/** One event sent to one endpoint, with every attempt so far. */
export interface WebhookDelivery {
  /** The envelope `id` (one per event; each endpoint gets the same). */
  id: number;
  /** `fp.upload`, `fp.overwrite`, `fp.delete` or `fp.video_converse`. */
  action: string;
  url: string;
  /** The raw JSON body, byte for byte what was signed. */
  body: string;
  /** `pending` while attempts or retries remain; `failed` once the retries are spent. */
  outcome: 'pending' | 'delivered' | 'failed';
  attempts: WebhookAttempt[];
}

/** Options of `video_convert` jobs. */
export interface VideoOptions {
  /** Milliseconds a new job answers `pending`. Default 50. */
  pendingMs?: number;
  /**
   * Milliseconds a job answers `started`, at least: a real conversion that takes longer keeps
   * it `started` until it is done. Default 100.
   */
  startedMs?: number;
  /**
   * The ffmpeg to convert with: a path, or `false` to always answer a copy of the source.
   * Default: `ffmpeg` on the PATH, if there is one.
   */
  ffmpeg?: string | false;
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
