/** A parsed query string, as Fastify hands it to the routes. */
export type Query = Record<string, string | string[] | undefined>;

/** The first value of a query parameter given once or several times. */
export function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** A query flag: `true`, `1` (any case) or a bare `?name` is yes. */
export function flag(query: Query, name: string): boolean {
  const value = first(query[name])?.toLowerCase();
  return value === 'true' || value === '1' || value === '';
}
