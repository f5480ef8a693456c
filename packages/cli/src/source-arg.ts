import { HANDLE_PATTERN, type Hosts, isHandle, resolveHosts, type SignedPolicy } from '@fs/core';
import { parseTransformUrl, type Task, type TransformSource } from '@fs/transform';
import { UsageError } from './exit-codes.js';

/** A file to work on, from a `<handle|url>` argument. */
export interface SourceArg {
  source: TransformSource;
  /** Tasks the URL already had (a processing URL), to run before any given now. */
  tasks: Task[];
  /** The CDN origin to use: the URL's own for a processing URL, else the configured one. */
  cdn: string;
  /** The handle, when the source is one stored file. */
  handle: string | undefined;
  /** The policy a signed URL carried: still valid for more tasks (it signs the policy only). */
  security?: SignedPolicy;
}

/**
 * Reads a `<handle|url>` argument: a handle; a URL on the CDN in use (a file's URL or a
 * processing URL, whose tasks are kept); or any other http(s) URL or `src://` alias, which
 * Filestack fetches (that needs the API key).
 *
 * @throws UsageError for anything else.
 */
export function readSourceArg(arg: string, urls: Partial<Hosts> | undefined): SourceArg {
  const cdn = resolveHosts({ urls }).cdn;
  if (HANDLE_PATTERN.test(arg)) return { source: arg, tasks: [], cdn, handle: arg };
  if (/^https?:\/\//i.test(arg) && arg.toLowerCase().startsWith(`${cdn.toLowerCase()}/`)) {
    const parsed = parseTransformUrl(arg);
    const handle =
      typeof parsed.source === 'string' && isHandle(parsed.source) ? parsed.source : undefined;
    return { source: parsed.source, tasks: parsed.tasks, cdn, handle, security: parsed.security };
  }
  if (/^(https?|src):\/\/\S+$/i.test(arg))
    return { source: arg, tasks: [], cdn, handle: undefined };
  throw new UsageError(
    `"${arg}" is not a handle or a URL`,
    'give a file handle (20 characters, e.g. aBcDeFgHiJkLmNoPqRsT) or an http(s) URL',
  );
}
