/**
 * The web pages allowed to call the emulator from a browser, by origin: pages served from this
 * machine (`localhost`, `*.localhost`, `127.0.0.1`, `[::1]`, any port, http or https) always,
 * others only when listed in the `cors` option, or every page with `'*'`.
 */
export class BrowserOrigins {
  readonly #listed: ReadonlySet<string>;
  /** Every origin is allowed (`cors: '*'`). */
  readonly any: boolean;

  constructor(cors: readonly string[] | '*' = []) {
    this.any = cors === '*';
    this.#listed = new Set(cors === '*' ? [] : cors.map((origin) => origin.toLowerCase()));
  }

  /** Whether a page of `origin` (an `Origin` header) may call the emulator. */
  allows(origin: string): boolean {
    return this.any || isLoopbackOrigin(origin) || this.#listed.has(origin.toLowerCase());
  }
}

/** Whether `origin` is a page served from this machine. */
export function isLoopbackOrigin(origin: string): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false; // `null` (sandboxed frames, file: pages) and anything else unreadable
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  const host = url.hostname;
  return (
    host === 'localhost' || host.endsWith('.localhost') || host === '127.0.0.1' || host === '[::1]'
  );
}

/** The reason `entry` is not an origin (`scheme://host[:port]`), or undefined when it is one. */
export function originProblem(entry: string): string | undefined {
  let url: URL;
  try {
    url = new URL(entry);
  } catch {
    return 'not a URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'not http or https';
  if (url.origin !== entry.toLowerCase()) return `not an origin: write ${url.origin}`;
  return undefined;
}
