import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import type { Environment } from './settings.js';

/**
 * Where `upload --resume` keeps the saved state of unfinished uploads: under `$XDG_CACHE_HOME`,
 * else `~/.cache` (the XDG base directory rules: a relative `$XDG_CACHE_HOME` is ignored).
 */
export function resumeDir(env: Environment): string {
  const xdg = env.XDG_CACHE_HOME;
  const cache = xdg && isAbsolute(xdg) ? xdg : join(env.HOME || homedir(), '.cache');
  return join(cache, 'filestack', 'uploads');
}
