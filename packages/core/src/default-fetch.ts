/** What `createHttp` sends a request with when it was given no `fetch`. */
export type DefaultFetch = (url: string, init: RequestInit) => Promise<Response>;

/**
 * The runtime's own `fetch`, looked up at each call. Browsers, Deno and Bun apply their own
 * proxy settings; Node resolves `#default-fetch` to `default-fetch.node.ts` instead.
 */
export const defaultFetch: DefaultFetch = (url, init) => fetch(url, init);
