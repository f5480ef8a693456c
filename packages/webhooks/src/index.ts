export { DEFAULT_MAX_BODY_BYTES } from './body-limit.js';
export { type NodeWebhookRequest, parseNodeWebhook } from './node-adapter.js';
export { parseWebhook } from './parse-webhook.js';
export {
  parseWebhookRequest,
  type WebhookRequest,
  type WebhookRequestOptions,
} from './request-adapter.js';
export {
  DEFAULT_TOLERANCE_SECONDS,
  type VerifyWebhookOptions,
  verifyWebhookSignature,
  type WebhookBody,
  type WebhookVerification,
} from './verify-signature.js';
export {
  type WebhookFailureReason,
  WebhookPayloadError,
  WebhookVerificationError,
} from './webhook-errors.js';
export {
  type ConverseEvent,
  type ConverseEventText,
  type DeleteEvent,
  type DeleteEventText,
  type KnownWebhookEvent,
  type OverwriteEvent,
  type OverwriteEventText,
  toWebhookEvent,
  type UnknownWebhookEvent,
  type UploadEvent,
  type UploadEventText,
  type VideoConverseEvent,
  type VideoConverseEventText,
  type WebhookEnvelope,
  type WebhookEvent,
  type WorkflowEvent,
  type WorkflowEventText,
} from './webhook-event.js';
export type { HeaderGetter, HeaderRecord, WebhookHeaders } from './webhook-headers.js';
