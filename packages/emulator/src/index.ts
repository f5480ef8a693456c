/**
 * `@fs/emulator`: a local Filestack over real HTTP, started with {@link startEmulator}.
 *
 * @module @fs/emulator
 */
export { startEmulator } from './emulator.js';
export type { FaultKind, FaultRule } from './faults/fault-rule.js';
export { FAULT_KINDS } from './faults/fault-rule.js';
export type { EmulatorStats, RequestRecord } from './http/request-log.js';
export type { RouteName } from './http/route-names.js';
export { ROUTE_NAMES } from './http/route-names.js';
export { DEFAULT_APIKEY } from './ids.js';
export type { ExternalFetchOptions } from './sources/fetch-source.js';
export type { Emulator, EmulatorOptions, EmulatorUrls, EmulatorWebhooks } from './types.js';
export type { VideoOptions } from './video/video-jobs.js';
export { DEFAULT_WEBHOOK_SECRET } from './webhooks/webhook-sender.js';
export type { WebhookAttempt, WebhookDelivery, WebhookOptions } from './webhooks/webhook-types.js';
