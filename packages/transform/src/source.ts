/**
 * What a chain runs on: a Filestack handle, an external `http(s)://` URL, a storage alias
 * `src://<alias>/<path>`, or a list of these (`[h1,h2]`, for `zip`, `animate`, `pdfcreate`).
 * An empty list is no source.
 */
export type TransformSource = string | readonly string[];

// No double quote anywhere: the grammar cannot carry one (percent-encode it in the URL first).
export const EXTERNAL = /^(https?|src):\/\/[^/"][^"]*$/i;

/** True for sources the service only processes with the API key in the URL. */
export const isExternal = (source: unknown): boolean => EXTERNAL.test(source as string);
