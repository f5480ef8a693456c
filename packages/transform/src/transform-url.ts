import type { HostOptions, SignedPolicy } from '@fs/core';
import { cdnHost } from './cdn-host.js';
import { fail, matchOrFail } from './fail.js';
import { securityTask } from './security-task.js';
import { encodePath, TASKS, writeTask, writeValue } from './serialize.js';
import { isExternal, SOURCE, type TransformSource } from './source.js';
import type { Task } from './task.js';

/** Options of `transformUrl`. */
export interface TransformUrlOptions extends HostOptions {
  /**
   * Your API key. Written only where the service needs it, as the Python SDK does: for external
   * URLs, storage aliases and `zip`. A URL on plain handles never carries it.
   */
  apikey?: string;
  /**
   * A signed policy (`{ policy, signature }`, e.g. from `@fs/security` on your server). Written
   * as `security=p:<policy>,s:<signature>` after every task, just before the source.
   */
  security?: SignedPolicy;
}

/**
 * Builds the CDN URL that runs `tasks`, in order and repeats kept, on `source`. For the same call
 * the URL is byte for byte the one the Python SDK builds, except where that text would reach the
 * service as a different value: there the one encoding rule applies (see the README). Host
 * options: `urls.cdn` overrides the CDN origin (only that host is used), `cname` swaps in a
 * custom domain (`https://cdn.<cname>`).
 *
 * @throws ValidationError for a bad source, value, API key, host or policy, before any request.
 * @example
 * transformUrl('https://example.com/a.jpg', [resize({ width: 500, height: 500 })], { apikey: 'KEY' });
 * // https://cdn.filestackcontent.com/KEY/resize=height:500,width:500/https://example.com/a.jpg
 */
export function transformUrl(
  source: TransformSource,
  tasks: readonly Task[],
  options: TransformUrlOptions = {},
): string {
  const { apikey, security } = options;
  if (!Array.isArray(tasks)) fail('tasks', tasks, TASKS);
  const sources: unknown[] = [source].flat();
  // An empty list is no source: it is refused as itself.
  for (const item of sources.length ? sources : [source]) {
    matchOrFail(SOURCE, item, 'source', SOURCES);
  }
  return [
    cdnHost(options),
    // The Python SDK writes the key for external sources and zip only; the service needs no more.
    ((sources as string[]).some(isExternal) || tasks.some((t) => t?.name === 'zip')) &&
      matchOrFail(/^[\w-]+$/, apikey, 'apikey', 'your API key'),
    ...tasks.map(writeTask),
    security && writeTask(securityTask(security)),
    // A single source is written as it is, like the Python SDK; a list follows the value rule.
    encodePath(Array.isArray(source) ? writeValue(source, 'source') : (source as string), 'source'),
  ]
    .filter(Boolean)
    .join('/');
}

const SOURCES = 'a handle, an http(s):// URL, a src://alias/path, or a list of these';
