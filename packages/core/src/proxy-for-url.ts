import { bytesToBase64 } from './base64.js';
import { ValidationError } from './errors.js';

/** Environment variables, as `process.env` holds them. */
export type Environment = Readonly<Record<string, string | undefined>>;

const DEFAULT_PORTS: Record<string, string> = { 'http:': '80', 'https:': '443' };

/**
 * The proxy a request to `url` goes through, read from the environment the way curl, npm and
 * undici read it, or `undefined` for a direct connection:
 *
 * - `https:` URLs use `HTTPS_PROXY`, else `HTTP_PROXY`; `http:` URLs use `HTTP_PROXY`. The
 *   lower-case names win over the upper-case ones.
 * - `NO_PROXY` lists hosts reached directly, separated by commas or spaces: `example.com` (and
 *   its subdomains; `.example.com` and `*.example.com` say the same), `127.0.0.1`, `[::1]`,
 *   `host:8080` (that port only), or `*` for every host.
 * - A proxy without a scheme is `http://`; `user:password@` in it is sent as
 *   `Proxy-Authorization: Basic`.
 *
 * Node's `fetch` and `node:http` ignore these variables; the SDK's Node requests (API calls
 * and part uploads) follow this function.
 *
 * @throws ValidationError when the variable that applies is not an http(s) URL.
 * @example
 * proxyForUrl('https://upload.filestackapi.com/multipart/start', process.env)?.host; // 'proxy.corp:3128'
 */
export function proxyForUrl(url: string | URL, env: Environment): URL | undefined {
  const target = new URL(url);
  const scheme = target.protocol;
  if (scheme !== 'http:' && scheme !== 'https:') return undefined;
  const http = variable(env, 'http_proxy');
  const chosen = scheme === 'https:' ? (variable(env, 'https_proxy') ?? http) : http;
  if (!chosen || bypassed(target, variable(env, 'no_proxy'))) return undefined;
  return parseProxy(chosen.name, chosen.value);
}

function variable(env: Environment, lower: string): { name: string; value: string } | undefined {
  for (const name of [lower, lower.toUpperCase()]) {
    const value = env[name]?.trim();
    if (value) return { name, value };
  }
  return undefined;
}

function parseProxy(name: string, value: string): URL {
  let proxy: URL | undefined;
  try {
    proxy = new URL(/^[a-z][a-z\d+.-]*:\/\//i.test(value) ? value : `http://${value}`);
  } catch {
    // Reported below.
  }
  if (!proxy || (proxy.protocol !== 'http:' && proxy.protocol !== 'https:') || !proxy.hostname) {
    throw new ValidationError({
      option: name,
      // The value may hold a password: it is described, never shown.
      received: `a value that is not an http(s) proxy URL (${value.length} characters)`,
      allowed: 'an http(s) proxy URL such as http://proxy.example.com:3128',
    });
  }
  return proxy;
}

/** Whether `NO_PROXY` names the host (and port) of `target`. */
function bypassed(target: URL, noProxy: { value: string } | undefined): boolean {
  if (!noProxy) return false;
  const host = bare(target.hostname);
  const port = target.port || DEFAULT_PORTS[target.protocol]!;
  return noProxy.value
    .split(/[\s,]+/)
    .filter(Boolean)
    .some((entry) => {
      if (entry === '*') return true;
      const { name, port: only } = splitEntry(entry.toLowerCase());
      if (only !== undefined && only !== port) return false;
      return host === name || host.endsWith(`.${name}`);
    });
}

/** `host`, `.host`, `*.host`, `host:port`, `[v6]`, `[v6]:port` or a bare IPv6 address. */
function splitEntry(entry: string): { name: string; port?: string } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed) return { name: bracketed[1]!, port: bracketed[2] };
  const withPort = /^([^:]+):(\d+)$/.exec(entry);
  const [name, port] = withPort ? [withPort[1]!, withPort[2]] : [entry, undefined];
  return { name: name.replace(/^\*?\./, ''), port };
}

function bare(hostname: string): string {
  return hostname.replace(/^\[|\]$/g, '').toLowerCase();
}

/**
 * The `Proxy-Authorization` value for a proxy URL with a user (`http://user:pass@proxy:3128`),
 * or `undefined` when it has none.
 */
export function proxyAuthorization(proxy: URL): string | undefined {
  if (!proxy.username && !proxy.password) return undefined;
  const credentials = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
  return `Basic ${bytesToBase64(new TextEncoder().encode(credentials))}`;
}
