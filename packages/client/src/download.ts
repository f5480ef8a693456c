import { type Task, type TransformSource, transformUrl } from '@fs/transform';
import { runtime } from '#runtime';
import { withFreshPolicy } from './fresh-policy.js';
import { type CallOptions, callSecurity, type Settings } from './settings.js';

/**
 * Streams the result of `tasks` on `source` into the file at `path` (Node only) and resolves with
 * the bytes written. The URL is the one `getContent` fetches; the body goes to disk as it
 * arrives, so memory stays flat whatever the size.
 */
export async function downloadTo(
  settings: Settings,
  source: TransformSource,
  tasks: readonly Task[],
  path: unknown,
  options: CallOptions = {},
): Promise<number> {
  const target = await runtime.checkWritable(path, 'path');
  const security = callSecurity(settings, options);
  const base = { ...settings.hosts, apikey: settings.apikey };
  // Source, tasks, key and hosts are checked before a provider is asked or a byte is sent.
  transformUrl(source, tasks, base);
  const response = await withFreshPolicy(security, async (policy) => {
    const url = transformUrl(source, tasks, { ...base, security: policy });
    const answer = await settings.http.request<Response>({
      url,
      responseType: 'response',
      signal: options.signal,
    });
    return answer.body;
  });
  return runtime.writeFile(target, response.body, options.signal);
}
