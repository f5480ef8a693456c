import { createHmac } from 'node:crypto';
import type { WebhookAttempt, WebhookDelivery, WebhookOptions } from './webhook-types.js';

/** The webhook secret used when `webhooks.secret` is not given (like {@link DEFAULT_APIKEY}). */
export const DEFAULT_WEBHOOK_SECRET = 'fs-emulator-webhook-secret';

/**
 * Waits before each retry of a failed delivery; one retry per entry. The service documents 3
 * retries at +5 min, +30 min and +12 h (docs/protocol.md#webhook-delivery): the emulator keeps the
 * count, not the wait.
 */
export const DEFAULT_RETRY_DELAYS: readonly number[] = [1_000, 5_000, 15_000];

/** How long one delivery attempt may take before it counts as failed. */
export const DEFAULT_WEBHOOK_TIMEOUT = 5_000;

/**
 * Answers that count as delivered (docs/protocol.md#webhook-delivery); anything else is retried.
 */
const DELIVERED = new Set([200, 201, 204]);

/** Delivery records kept; older finished ones are dropped so a long-running CLI stays small. */
export const MAX_DELIVERIES = 10_000;

/** Checks an endpoint URL, so a typo fails where it is configured, not silently later. */
export function checkEndpoint(url: unknown): string {
  if (typeof url === 'string') {
    try {
      const parsed = new URL(url);
      if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return parsed.href;
    } catch {
      // reported below
    }
  }
  throw new TypeError(`webhook url: got ${JSON.stringify(url)}; expected an absolute http(s) URL`);
}

/**
 * `FS-Signature` (docs/protocol.md#webhook-signature): hex HMAC-SHA256 of `"<FS-Timestamp>.<raw
 * body>"`.
 */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/**
 * Sends events to the configured endpoints, signed as docs/protocol.md#emulator-notes-webhooks
 * says, and retries failed deliveries on a short schedule. Events go out in the background: the
 * request that caused an event is answered without waiting for any receiver.
 */
export class WebhookSender {
  readonly secret: string;
  private readonly retryDelays: readonly number[];
  private readonly timeout: number;
  private readonly urls: string[];
  private readonly records: WebhookDelivery[] = [];
  private readonly running = new Set<Promise<void>>();
  private readonly closing = new AbortController();
  private nextId = 1;

  constructor(options: WebhookOptions = {}) {
    const { secret, retryDelays, timeout, urls = [] } = options;
    if (secret !== undefined && (typeof secret !== 'string' || secret === '')) {
      throw new TypeError('webhooks.secret: expected a non-empty string');
    }
    if (
      retryDelays !== undefined &&
      (!Array.isArray(retryDelays) || !retryDelays.every((d) => Number.isFinite(d) && d >= 0))
    ) {
      throw new TypeError('webhooks.retryDelays: expected an array of milliseconds >= 0');
    }
    if (timeout !== undefined && (!Number.isFinite(timeout) || timeout <= 0)) {
      throw new TypeError(`webhooks.timeout: got ${String(timeout)}; expected milliseconds > 0`);
    }
    if (!Array.isArray(urls)) throw new TypeError('webhooks.urls: expected an array of URLs');
    this.secret = secret ?? DEFAULT_WEBHOOK_SECRET;
    this.retryDelays = [...(retryDelays ?? DEFAULT_RETRY_DELAYS)];
    this.timeout = timeout ?? DEFAULT_WEBHOOK_TIMEOUT;
    this.urls = [...new Set(urls.map(checkEndpoint))];
  }

  /** Adds an endpoint (once); later events go to it too. Returns its normalised URL. */
  add(url: string): string {
    const endpoint = checkEndpoint(url);
    if (!this.urls.includes(endpoint)) this.urls.push(endpoint);
    return endpoint;
  }

  /** Removes an endpoint; deliveries already under way finish. True when it was configured. */
  remove(url: string): boolean {
    let endpoint: string;
    try {
      endpoint = checkEndpoint(url);
    } catch {
      return false;
    }
    const at = this.urls.indexOf(endpoint);
    if (at === -1) return false;
    this.urls.splice(at, 1);
    return true;
  }

  /** Removes every endpoint. */
  clear(): void {
    this.urls.length = 0;
  }

  endpoints(): string[] {
    return [...this.urls];
  }

  /** Copies of the delivery records, oldest first. */
  deliveries(): WebhookDelivery[] {
    return this.records.map((d) => ({ ...d, attempts: d.attempts.map((a) => ({ ...a })) }));
  }

  /** Drops the records of finished deliveries (those under way stay). */
  forget(): void {
    const pending = this.records.filter((d) => d.outcome === 'pending');
    this.records.splice(0, this.records.length, ...pending);
  }

  /** Resolves once no delivery is pending, retries included. */
  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  /**
   * Sends one event, `{ id, action, timestamp, text }` (docs/protocol.md#webhook-events), to every
   * endpoint. The body is serialised once: every endpoint and every retry gets the same bytes.
   */
  emit(action: string, text: unknown): void {
    if (this.urls.length === 0 || this.closing.signal.aborted) return;
    const id = this.nextId++;
    const body = JSON.stringify({ id, action, timestamp: Math.floor(Date.now() / 1000), text });
    for (const url of this.urls) {
      const record: WebhookDelivery = { id, action, url, body, outcome: 'pending', attempts: [] };
      this.records.push(record);
      if (this.records.length > MAX_DELIVERIES) {
        const finished = this.records.findIndex((d) => d.outcome !== 'pending');
        if (finished !== -1) this.records.splice(finished, 1);
      }
      const run = this.deliver(record).finally(() => this.running.delete(run));
      this.running.add(run);
    }
  }

  /** Stops retrying and aborts attempts under way; their deliveries end as `failed`. */
  close(): void {
    this.closing.abort();
  }

  private async deliver(record: WebhookDelivery): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      if (await this.attempt(record)) {
        record.outcome = 'delivered';
        return;
      }
      const delay = this.retryDelays[attempt];
      if (delay === undefined || !(await this.wait(delay))) {
        record.outcome = 'failed';
        return;
      }
    }
  }

  /** Waits `ms`; false when the emulator closed meanwhile. */
  private wait(ms: number): Promise<boolean> {
    const { signal } = this.closing;
    if (signal.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', stop);
        resolve(true);
      }, ms);
      const stop = () => {
        clearTimeout(timer);
        resolve(false);
      };
      signal.addEventListener('abort', stop, { once: true });
    });
  }

  /**
   * One POST, signed with a fresh `FS-Timestamp` (a retry is signed anew,
   * docs/protocol.md#emulator-notes-webhooks).
   */
  private async attempt(record: WebhookDelivery): Promise<boolean> {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const entry: WebhookAttempt = { at: Date.now(), timestamp, status: 0 };
    record.attempts.push(entry);
    // One signal for "closing" and "too slow" (AbortSignal.any is missing before Node 20.3).
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeout);
    const stop = () => controller.abort();
    this.closing.signal.addEventListener('abort', stop, { once: true });
    try {
      const response = await fetch(record.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'fs-emulator',
          'fs-timestamp': timestamp,
          'fs-signature': signWebhook(this.secret, timestamp, record.body),
        },
        body: record.body,
        signal: controller.signal,
        redirect: 'manual',
      });
      entry.status = response.status;
      await response.arrayBuffer().catch(() => undefined);
      if (!DELIVERED.has(response.status)) entry.error = `answered HTTP ${response.status}`;
      return DELIVERED.has(response.status);
    } catch (error) {
      // undici says "fetch failed"; the reason is in its cause (or the cause's errors).
      const why = (
        error as { cause?: { code?: string; message?: string; errors?: { code?: string }[] } }
      ).cause;
      const cause = why?.code ?? why?.errors?.[0]?.code ?? why?.message;
      entry.error = this.closing.signal.aborted
        ? 'the emulator closed'
        : controller.signal.aborted
          ? `no answer within ${this.timeout} ms`
          : `${(error as Error).message}${cause ? ` (${cause})` : ''}`;
      return false;
    } finally {
      clearTimeout(timer);
      this.closing.signal.removeEventListener('abort', stop);
    }
  }
}
