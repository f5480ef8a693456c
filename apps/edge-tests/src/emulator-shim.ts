/**
 * `@fs/emulator` for test files running inside another runtime. The emulator is a Node server;
 * here `startEmulator` asks the harness (a Node process, `control-server.mjs`) to start a real
 * one, and faults, stats and reset go over the emulator's own HTTP controls (`/__emulator/...`).
 * Those calls are asynchronous where the Node API is not: the bundler awaits them in the test
 * files (see `bundle.mjs`).
 */

interface RemoteConfig {
  /** The harness's control server, e.g. `http://127.0.0.1:PORT`. */
  control: string;
}

let config: RemoteConfig | undefined;

/** Where the harness listens; set before any test runs. */
export function configureRemoteEmulator(next: RemoteConfig): void {
  config = next;
}

async function call<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, init);
  const text = await response.text();
  if (!response.ok) throw new Error(`${init?.method ?? 'GET'} ${url}: ${response.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

const json = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

export interface RemoteEmulator {
  url: string;
  urls: { upload: string; cdn: string; api: string; process: string };
  apikey: string;
  secret?: string;
  faults: { add(rule: object | object[]): Promise<void>; clear(): Promise<void> };
  stats(): Promise<{ counts: Record<string, number>; requests: Record<string, unknown>[] }>;
  reset(): Promise<void>;
  close(): Promise<void>;
}

/** Starts a real emulator in the harness's Node process, with the same options. */
export async function startEmulator(options: object = {}): Promise<RemoteEmulator> {
  if (!config) throw new Error('the remote emulator is not configured (configureRemoteEmulator)');
  const { control } = config;
  const started = await call<
    { id: string } & Omit<RemoteEmulator, 'faults' | 'stats' | 'reset' | 'close'>
  >(`${control}/start`, json(options));
  const { id, url } = started;
  // With a secret, the control routes take it as a token.
  const token: Record<string, string> = started.secret
    ? { authorization: `Bearer ${started.secret}` }
    : {};
  return {
    url,
    urls: started.urls,
    apikey: started.apikey,
    ...(started.secret ? { secret: started.secret } : {}),
    faults: {
      add: (rule) => call(`${url}/__emulator/faults`, json(rule, token)),
      clear: () => call(`${url}/__emulator/faults`, { method: 'DELETE', headers: token }),
    },
    stats: () => call(`${url}/__emulator/stats`, { headers: token }),
    reset: () => call(`${url}/__emulator/reset`, { method: 'POST', headers: token }),
    close: () => call(`${control}/close/${id}`, { method: 'POST' }),
  };
}
