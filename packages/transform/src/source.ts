/**
 * What a chain runs on: a Filestack handle, an external `http(s)://` URL, a storage alias
 * `src://<alias>/<path>`, or a list of these (`[h1,h2]`, for `zip`, `animate`, `pdfcreate`).
 * An empty list is no source.
 */
export type TransformSource = string | readonly string[];

/**
 * One source: a handle (20 characters of `[A-Za-z0-9_-]`, as `isHandle` of `@fs/core`) or an
 * external one. One pattern for both, so a URL-only page bundles a single regular expression.
 * No double quote anywhere: the grammar cannot carry one (percent-encode it in the URL first).
 */
export const SOURCE = /^([\w-]{20}|(https?|src):\/\/[^/"][^"]*)$/i;

/** True for one source (an item of a list), handle or external. */
export const isSource = (source: unknown): source is string =>
  typeof source === 'string' && SOURCE.test(source);

/**
 * True for a source the service only processes with the API key in the URL: any that is not a
 * handle. Only for checked sources: a handle never contains `:`, an external source always does.
 */
export const isExternal = (source: string): boolean => source.includes(':');
