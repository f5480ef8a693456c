import type { WebhookBody } from './verify-signature.js';
import { WebhookPayloadError } from './webhook-errors.js';

/**
 * The envelope every Filestack webhook shares (docs/protocol.md#webhook-events). `known: true`
 * marks the actions typed below; switch on `action` after checking it (see {@link WebhookEvent}).
 */
export interface WebhookEnvelope<Action extends string, Text> {
  known: true;
  /** Delivery id, unique per event. */
  id: number;
  action: Action;
  /** When the event happened, unix seconds (may differ from `FS-Timestamp`). */
  timestamp?: number;
  text: Text;
}

/** `fp.upload`: a file was stored. */
export interface UploadEventText {
  /** The CDN URL of the new file. */
  url: string;
  filename?: string;
  /** Storage key (path) in the container. */
  key?: string;
  /** MIME type. */
  type?: string;
  size?: number;
  container?: string;
  /** Where the file came from: `Computer`, `URL`, a cloud name. */
  client?: string;
  status?: string;
  /** Older picker payloads nest the file fields here. */
  data?: { filename?: string; type?: string; size?: number; [field: string]: unknown };
  [field: string]: unknown;
}

/** `fp.converse`: an image or document conversion was stored. */
export interface ConverseEventText {
  /** The conversion task path, e.g. `/CONVERSION_TASKS/HANDLE`. */
  url: string;
  link: {
    url: string;
    handle: string;
    filename?: string;
    mimetype?: string;
    path?: string;
    provider?: string;
    size?: number;
    [field: string]: unknown;
  };
  [field: string]: unknown;
}

/** `fp.overwrite`: a file's content was replaced. */
export interface OverwriteEventText {
  url: string;
  filename?: string;
  mimetype?: string;
  size?: number;
  isWriteable?: boolean;
  client?: string;
  [field: string]: unknown;
}

/** `fp.delete`: a file was deleted. */
export interface DeleteEventText {
  url: string;
  [field: string]: unknown;
}

/**
 * `fp.video_converse`: a video or audio conversion finished (the final job JSON,
 * docs/protocol.md#webhook-events).
 */
export interface VideoConverseEventText {
  /** The conversion job id (32 hex characters). */
  uuid: string;
  /** Unix seconds, as a string. */
  timestamp?: string;
  status: 'completed' | 'failed' | (string & {});
  message?: string;
  data?: {
    /** The converted file's URL; its last path segment is the new handle. */
    url?: string;
    thumb?: string;
    [field: string]: unknown;
  };
  metadata?: { result?: Record<string, unknown>; source?: Record<string, unknown> };
  [field: string]: unknown;
}

/** `fs.workflow`: a workflow job finished. */
export interface WorkflowEventText {
  /** The workflow id. */
  workflow: string;
  jobid?: string;
  status: string;
  createdAt?: string;
  updatedAt?: string;
  /** Handles the workflow ran on. */
  sources?: string[];
  /** Task results by task name. */
  results?: Record<string, { data?: unknown; [field: string]: unknown }>;
  [field: string]: unknown;
}

/** `fp.upload`: a file was uploaded. */
export type UploadEvent = WebhookEnvelope<'fp.upload', UploadEventText>;
/** `fp.converse`: an image or document conversion was stored. */
export type ConverseEvent = WebhookEnvelope<'fp.converse', ConverseEventText>;
/** `fp.overwrite`: a file's content was replaced. */
export type OverwriteEvent = WebhookEnvelope<'fp.overwrite', OverwriteEventText>;
/** `fp.delete`: a file was deleted. */
export type DeleteEvent = WebhookEnvelope<'fp.delete', DeleteEventText>;
/** `fs.workflow`: a workflow finished running on its sources. */
export type WorkflowEvent = WebhookEnvelope<'fs.workflow', WorkflowEventText>;
/**
 * `id` is absent when Filestack delivers the bare conversion JSON instead of an envelope
 * (whether it wraps it is unconfirmed; both forms are accepted).
 */
export type VideoConverseEvent = Omit<
  WebhookEnvelope<'fp.video_converse', VideoConverseEventText>,
  'id'
> & { id?: number };

/** The actions this package types. */
export type KnownWebhookEvent =
  | UploadEvent
  | ConverseEvent
  | OverwriteEvent
  | DeleteEvent
  | VideoConverseEvent
  | WorkflowEvent;

/** Any other action (`fp.scan`, `fp.export`, new ones), kept as received. */
export interface UnknownWebhookEvent {
  known: false;
  action: string;
  id?: unknown;
  timestamp?: unknown;
  text?: unknown;
  [field: string]: unknown;
}

/**
 * A verified webhook. Check `known`, then switch on `action`:
 *
 * @example
 * if (!event.known) return console.log('unhandled', event.action);
 * switch (event.action) {
 *   case 'fp.upload': console.log(event.text.url); break;
 *   case 'fp.video_converse': console.log(event.text.status); break;
 * }
 */
export type WebhookEvent = KnownWebhookEvent | UnknownWebhookEvent;

const KNOWN_ACTIONS = new Set<string>([
  'fp.upload',
  'fp.converse',
  'fp.overwrite',
  'fp.delete',
  'fp.video_converse',
  'fs.workflow',
]);

/**
 * Turns a raw webhook body into an event without verifying it: only for bodies that were
 * verified already. Throws a {@link WebhookPayloadError} when the body is not an event.
 */
export function toWebhookEvent(body: WebhookBody): WebhookEvent {
  let json: unknown;
  try {
    const text =
      typeof body === 'string' ? body : new TextDecoder('utf-8', { fatal: true }).decode(body);
    json = JSON.parse(text);
  } catch (cause) {
    throw new WebhookPayloadError('The webhook body is not UTF-8 JSON', cause);
  }
  if (!isObject(json)) throw new WebhookPayloadError('The webhook body is not a JSON object');

  // The final video conversion JSON may arrive bare, without the envelope
  // (docs/protocol.md#webhook-events).
  if (json.action === undefined && typeof json.uuid === 'string' && 'status' in json) {
    const timestamp = Number(json.timestamp);
    return {
      known: true,
      action: 'fp.video_converse',
      ...(Number.isFinite(timestamp) && { timestamp }),
      text: json as unknown as VideoConverseEventText,
    };
  }
  const { action, id, timestamp, text } = json;
  if (typeof action !== 'string' || action === '') {
    throw new WebhookPayloadError('The webhook body has no "action"');
  }
  if (!KNOWN_ACTIONS.has(action)) return { ...json, known: false, action };
  const idOk = typeof id === 'number' || (id === undefined && action === 'fp.video_converse');
  if (!isObject(text) || !idOk || (timestamp !== undefined && typeof timestamp !== 'number')) {
    throw new WebhookPayloadError(
      `The ${action} webhook does not have the envelope {id, action, timestamp, text}`,
    );
  }
  return { ...json, known: true } as unknown as KnownWebhookEvent;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
