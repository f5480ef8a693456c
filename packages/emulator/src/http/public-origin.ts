/**
 * The origin the emulator writes into its answers (`location_url`, part URLs, file URLs, webhook
 * payloads): the `publicUrl` option when given, so that a proxy can sit in front, otherwise the
 * origin it listens on, known once the port is bound.
 */
export class PublicOrigin {
  #href: string | undefined;

  constructor(publicUrl?: string) {
    this.#href = publicUrl;
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
