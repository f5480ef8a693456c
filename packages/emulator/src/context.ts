import { FaultBook } from './faults/fault-book.js';
import { PublicOrigin } from './http/public-origin.js';
import { RequestLog } from './http/request-log.js';
import { DEFAULT_APIKEY } from './ids.js';
import { AccessGuard } from './security/access-guard.js';
import { type FetchLimits, fetchLimits } from './sources/fetch-source.js';
import type { DataDir } from './store/data-dir.js';
import { FileStore } from './store/file-store.js';
import type { EmulatorOptions } from './types.js';
import { UploadSessions } from './upload/upload-sessions.js';
import { VideoJobs } from './video/video-jobs.js';
import { FileEvents } from './webhooks/file-events.js';
import { WebhookSender } from './webhooks/webhook-sender.js';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

/** What the routes share: settings and the emulator's parts, each made once at start. */
export interface EmulatorContext {
  /** The API key, the app secret and the checks made with them. */
  readonly access: AccessGuard;
  /** Whether start answers `upload_type: intelligent_ingestion` to clients that ask. */
  readonly intelligent: boolean;
  /** Milliseconds a part PUT URL stays valid. */
  readonly partUrlTtl: number;
  /** Limits on fetching external URLs. */
  readonly fetchLimits: FetchLimits;
  /** The origin written into answers. */
  readonly origin: PublicOrigin;
  readonly files: FileStore;
  readonly uploads: UploadSessions;
  readonly faults: FaultBook;
  readonly log: RequestLog;
  readonly webhooks: WebhookSender;
  readonly events: FileEvents;
  readonly videos: VideoJobs;
}

/**
 * Makes the context of an emulator from checked options and an opened data dir. Bad webhook or
 * video options throw here, before a port is taken.
 */
export async function createContext(
  options: EmulatorOptions,
  dataDir: DataDir,
): Promise<EmulatorContext> {
  const webhooks = new WebhookSender(options.webhooks);
  const origin = new PublicOrigin(options.publicUrl);
  const files = await FileStore.open(dataDir);
  const events = new FileEvents(webhooks, origin);
  const videos = new VideoJobs(
    { files, origin, onSettled: (answer) => events.videoConverse(answer) },
    options.video,
  );
  const faults = new FaultBook(options.seed ?? 1);
  for (const rule of options.faults ?? []) faults.add(rule);
  return {
    access: new AccessGuard(options.apikey ?? DEFAULT_APIKEY, options.secret),
    intelligent: options.intelligent ?? true,
    partUrlTtl: options.partUrlTtl ?? HOUR,
    fetchLimits: fetchLimits(options.externalFetch),
    origin,
    files,
    uploads: await UploadSessions.open(dataDir, { ttl: options.uploadTtl ?? DAY, files }),
    faults,
    log: new RequestLog(),
    webhooks,
    events,
    videos,
  };
}
