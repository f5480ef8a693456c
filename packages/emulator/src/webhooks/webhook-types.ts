/** Options of webhook delivery (docs/protocol.md#emulator-notes-webhooks). */
export interface WebhookOptions {
  /** Endpoints that receive every event. More can be added with `emu.webhooks.add(url)`. */
  urls?: string[];
  /**
   * The key of `FS-Signature`.
   * @default DEFAULT_WEBHOOK_SECRET (`'fs-emulator-webhook-secret'`)
   */
  secret?: string;
  /**
   * Milliseconds to wait before each retry of a failed delivery; one retry per entry. `[]`
   * never retries.
   * @default [1000, 5000, 15000]
   */
  retryDelays?: number[];
  /**
   * Milliseconds one attempt may take before it counts as failed.
   * @default 5000
   */
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
