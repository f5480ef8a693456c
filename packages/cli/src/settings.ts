import type { Hosts } from '@fs/core';
import { UsageError } from './exit-codes.js';

/** The options every command takes (see `filestack --help`). */
export interface GlobalOptions {
  apikey?: string;
  appSecret?: string;
  appSecretEnv?: string;
  webhookSecret?: string;
  webhookSecretEnv?: string;
  endpoint?: string;
  emulator?: boolean;
  json?: boolean;
  quiet?: boolean;
  verbose?: boolean;
}

/** The environment the CLI reads its configuration from. */
export type Environment = Readonly<Record<string, string | undefined>>;

/** Environment variables, and the flags that beat them. */
export const ENV = {
  apikey: 'FILESTACK_API_KEY',
  appSecret: 'FILESTACK_APP_SECRET',
  webhookSecret: 'FILESTACK_WEBHOOK_SECRET',
  endpoint: 'FILESTACK_ENDPOINT',
} as const;

/** `--apikey`, else `FILESTACK_API_KEY`. */
export function apikeyFrom(options: GlobalOptions, env: Environment): string | undefined {
  return options.apikey ?? (env[ENV.apikey] || undefined);
}

/**
 * A secret from `--<flag>` (visible to other users in `ps`), else from the environment
 * variable `--<flag>-env` names, else from `fallback`. Secrets are never positional arguments.
 *
 * @throws UsageError when `--<flag>-env` names a variable that is not set.
 */
export function secretFrom(
  flag: 'app-secret' | 'webhook-secret',
  given: string | undefined,
  envName: string | undefined,
  fallback: string,
  env: Environment,
): string | undefined {
  if (given !== undefined) return given;
  const value = env[envName ?? fallback];
  if (envName !== undefined && !value) {
    throw new UsageError(
      `--${flag}-env: ${envName} is not set`,
      `export ${envName}=... first, or leave --${flag}-env out to read ${fallback}`,
    );
  }
  return value || undefined;
}

/**
 * The hosts for `--endpoint URL` (or `FILESTACK_ENDPOINT`): every host at that origin (an
 * emulator serves them all), the file API under `/api`.
 *
 * @throws UsageError for anything but an http(s) URL without query or fragment.
 */
export function endpointHosts(endpoint: string): Hosts {
  let url: URL | undefined;
  try {
    url = new URL(endpoint);
  } catch {
    url = undefined;
  }
  if (!url || !/^https?:$/.test(url.protocol) || url.search || url.hash || url.username) {
    throw new UsageError(
      `--endpoint: got "${endpoint}"; expected an http(s) URL such as http://127.0.0.1:4000`,
      'it points every Filestack host at one origin, e.g. a running `filestack emulator`',
    );
  }
  const base = `${url.origin}${url.pathname}`.replace(/\/+$/, '');
  return { upload: base, cdn: base, process: base, api: `${base}/api` };
}
