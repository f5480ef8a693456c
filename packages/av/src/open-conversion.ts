import {
  createHttp,
  type HttpOptions,
  type SecurityOption,
  type SignedPolicy,
  securitySource,
  ValidationError,
} from '@fs/core';
import { transformUrl } from '@fs/transform';
import { type AudioVisual, audioVisual } from './audio-visual.js';

/** What identifies a conversion job: what its `toJSON()` gives, which a server can store. */
export interface ConversionJob {
  /** The job's id. */
  uuid: string;
  /** When the job was created (unix seconds, as the service writes them). */
  timestamp: string;
  /** The conversion URL, with or without its policy (a redacted one is fine). */
  url: string;
}

/** Options of {@link openConversion}: what every request about the job is sent with. */
export interface OpenConversionOptions extends HttpOptions {
  /** A signed policy with the `convert` call, or a function that fetches one. */
  security?: SecurityOption;
}

const JOB = 'a job as its toJSON() gives it: { uuid, timestamp, url } of a video_convert URL';

/** What may follow the job's task: a handle, an external URL, a storage alias or a list. */
const SOURCE = /^([\w-]+|https?:\/\/\S+|src:\/\/\S+|(\[|%5B)\S+)$/i;
const PLACEHOLDER = 'aBcDeFgHiJkLmNoPqRsT';
const ORIGIN = 'https://cdn.invalid';

/**
 * Path segments, split at `/` outside double quotes (`"` or `%22`): a quoted parameter value
 * (`path:"a/b/"`) stays in its task's segment.
 */
function segments(path: string): string[] {
  const parts: string[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i < path.length; i++) {
    if (path[i] === '"' || path.startsWith('%22', i)) quoted = !quoted;
    else if (path[i] === '/' && !quoted) {
      parts.push(path.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(path.slice(start));
  return parts;
}

/** The `security=...` segment as `transformUrl` writes it: one writer of that text. */
function securitySegment(security: SignedPolicy): string {
  const url = transformUrl(PLACEHOLDER, [], { urls: { cdn: ORIGIN }, security });
  return url.slice(ORIGIN.length + 1, -PLACEHOLDER.length - 1);
}

/**
 * Opens a conversion started earlier, elsewhere (another request, another process), from what
 * its `toJSON()` gave, so that `status()`, `result()` and `wait()` work there too. Nothing is
 * sent until one of them is called; each request is the job's URL signed with `security` (a
 * policy written in `url`, redacted or not, is dropped). `url` of the result carries no policy.
 * The URL is kept as it was written, so the service answers the same job.
 *
 * @throws ValidationError when `job` is not `{ uuid, timestamp, url }` of a `video_convert` URL,
 *   before any request.
 * @example
 * // Request 1: start, and keep what identifies the job.
 * await db.save(JSON.stringify(await videoConvert(handle, { preset: 'h264' })));
 * // Request 2: check it.
 * const av = openConversion(JSON.parse(await db.load()), { security });
 * console.log(await av.status());
 */
export function openConversion(
  job: ConversionJob,
  options: OpenConversionOptions = {},
): AudioVisual {
  const { uuid, timestamp, url } = (job ?? {}) as Partial<ConversionJob>;
  if (typeof uuid !== 'string' || !uuid || typeof timestamp !== 'string' || !timestamp) {
    throw new ValidationError({ option: 'job', received: job, allowed: JOB });
  }
  // `{cdn}[/<apikey>]/video_convert[=<params>][/security=...]/<source>`, as videoConvert writes
  // it; the policy is the caller's to give now, so a security task (perhaps `[redacted]`) and
  // query parameters are dropped.
  const [, origin, path = ''] = /^(https?:\/\/[^/?#]+)\/([^?#]*)/i.exec(String(url)) ?? [];
  const parts = segments(path).filter((part) => !/^security=/i.test(part));
  const at = parts.findIndex((part) => /^video_convert(=|$)/.test(part));
  const source = parts.slice(at + 1).join('/');
  if (
    !origin ||
    at < 0 ||
    at > 1 ||
    (at === 1 && !/^[\w-]+$/.test(parts[0]!)) ||
    !SOURCE.test(source)
  ) {
    throw new ValidationError({ option: 'job.url', received: url, allowed: JOB });
  }
  const head = [origin, ...parts.slice(0, at + 1)].join('/');
  const build = (security: SignedPolicy | undefined) =>
    [head, security && securitySegment(security), source].filter(Boolean).join('/');
  return audioVisual({ uuid, timestamp }, build(undefined), {
    build,
    security: securitySource(options.security),
    // One try per status request, as for a job videoConvert started: wait() rides out failures.
    http: createHttp({ ...options, retry: 0 }),
  });
}
