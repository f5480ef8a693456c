export { startEmulator } from './emulator.js';
export { DEFAULT_APIKEY } from './ids.js';
export type {
  Emulator,
  EmulatorOptions,
  EmulatorStats,
  EmulatorUrls,
  EmulatorWebhooks,
  FaultKind,
  FaultRule,
  RequestRecord,
  RouteName,
  VideoOptions,
  WebhookAttempt,
  WebhookDelivery,
  WebhookOptions,
} from './types.js';
export { FAULT_KINDS, ROUTE_NAMES } from './types.js';
export { DEFAULT_WEBHOOK_SECRET } from './webhooks/webhook-sender.js';
