import { isIP } from 'node:net';

/**
 * The names the emulator answers to, checked on each request's `Host` so that a page whose DNS
 * name was rebound to 127.0.0.1 cannot talk to it: `localhost`, `*.localhost`, any IP literal,
 * its own names (the `publicUrl` host, the `host` it listens on), and the `allowedHosts` option
 * (`name`, or `.name` for the name and every subdomain, as in Vite), or every name with `'*'`.
 */
export class HostNames {
  readonly #allowed: readonly string[] | '*';
  readonly #own: () => readonly string[];

  constructor(allowed: readonly string[] | '*' = [], own: () => readonly string[] = () => []) {
    this.#allowed = allowed === '*' ? '*' : allowed.map(bareName);
    this.#own = own;
  }

  /** Whether a request with this `Host` header is for the emulator. No header: an old client. */
  allows(host: string | undefined): boolean {
    if (host === undefined || this.#allowed === '*') return true;
    const name = hostnameOf(host);
    if (name === undefined) return false;
    if (name === 'localhost' || name.endsWith('.localhost')) return true;
    if (isIP(name.replace(/^\[|\]$/g, '')) !== 0) return true;
    if (this.#own().some((own) => bareName(own) === name)) return true;
    return this.#allowed.some((entry) =>
      entry.startsWith('.') ? name === entry.slice(1) || name.endsWith(entry) : name === entry,
    );
  }
}

/** A name as compared: lower case, without the trailing dot of a fully qualified name. */
function bareName(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

/**
 * The host name of a `Host` header (`name:port`, `[::1]:port`), or undefined when malformed.
 * What follows the name is not checked: filestack-js's Node adapter sends `127.0.0.1:PORT:PORT`.
 */
function hostnameOf(host: string): string | undefined {
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0]!;
  // A header such as `a.test/evil` or `user@a.test` is not a host.
  if (name === '' || /[/\\@?#\s]/.test(name)) return undefined;
  try {
    return bareName(new URL(`http://${name}`).hostname);
  } catch {
    return undefined;
  }
}
