/** Anything with a `get(name)`: a web `Headers`, Hono's or undici's headers. */
export interface HeaderGetter {
  /** The header's value, or null/undefined when it is absent. */
  get(name: string): string | null | undefined;
}

/** Node's `IncomingHttpHeaders` or a plain record; names are matched case-insensitively. */
export type HeaderRecord = Readonly<Record<string, string | readonly string[] | undefined>>;

/** The request headers, in any of the shapes servers hand them out. */
export type WebhookHeaders = HeaderGetter | HeaderRecord;

/** `null` when absent; `false` when ambiguous or of the wrong type (fail closed on both). */
export type HeaderRead = string | null | false;

/**
 * Reads one header that must appear at most once. `name` is lower case.
 *
 * Duplicates are refused rather than resolved: `Headers` joins repeated fields with ", " and
 * Node joins repeated unknown fields the same way, and neither a timestamp nor a hex signature
 * contains a comma, so a comma always means the sender repeated the field.
 */
export function readHeader(headers: WebhookHeaders, name: string): HeaderRead {
  let found: unknown = null;
  if (typeof headers.get === 'function') {
    found = (headers as HeaderGetter).get(name) ?? null;
    if (found !== null && typeof found !== 'string') return false;
  } else {
    for (const key of Object.keys(headers)) {
      if (key.toLowerCase() !== name) continue;
      let value: unknown = (headers as HeaderRecord)[key];
      if (Array.isArray(value)) value = value.length > 1 ? false : value[0];
      if (value === undefined) continue;
      // A second key that differs only in case is a second header.
      if (found !== null || typeof value !== 'string') return false;
      found = value;
    }
  }
  if (typeof found !== 'string' || found === '') return null;
  return found.includes(',') ? false : found;
}
