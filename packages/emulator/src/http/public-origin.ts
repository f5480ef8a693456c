/**
 * `publicUrl` as an origin without a trailing slash; a TypeError when it is not an http(s)
 * origin.
 */
export function publicOrigin(publicUrl: unknown): string {
  let url: URL | undefined;
  try {
    url = new URL(String(publicUrl));
  } catch {
    // reported below
  }
  if (
    typeof publicUrl !== 'string' ||
    !url ||
    (url.protocol !== 'http:' && url.protocol !== 'https:') ||
    url.pathname !== '/' ||
    url.search !== '' ||
    url.hash !== '' ||
    url.username !== '' ||
    url.password !== ''
  ) {
    throw new TypeError(
      `publicUrl: got ${JSON.stringify(publicUrl)}; expected an http(s) origin such as http://127.0.0.1:8080 (no path, query or credentials)`,
    );
  }
  return url.origin;
}

/**
 * The origin the emulator writes into its answers (`location_url`, part URLs, file URLs, webhook
 * payloads): the `publicUrl` option when given, so that a proxy can sit in front, otherwise the
 * origin it listens on, known once the port is bound.
 */
export class PublicOrigin {
  #href: string | undefined;

  /** `publicUrl` must have passed {@link publicOrigin}. */
  constructor(publicUrl?: string) {
    this.#href = publicUrl === undefined ? undefined : publicOrigin(publicUrl);
  }

  /** Called once the server listens: its origin is the public one unless `publicUrl` was given. */
  listening(origin: string): void {
    this.#href ??= origin;
  }

  /** `http://127.0.0.1:PORT`, or `publicUrl`; no trailing slash. */
  get href(): string {
    // Answers are only written while serving requests, so after `listening`.
    if (this.#href === undefined) throw new Error('the emulator is not listening yet');
    return this.#href;
  }

  /** The CDN URL of a handle. */
  fileUrl(handle: string): string {
    return `${this.href}/${handle}`;
  }
}
