// Node's `fetch` ignores HTTPS_PROXY, HTTP_PROXY and NO_PROXY. A request that the environment
// sends through a proxy goes through undici's own `fetch` with a `ProxyAgent` (a CONNECT tunnel),
// the two from one undici so that they always fit, whatever undici the running Node bundles.
// undici is loaded only then: without a proxy nothing changes and nothing more is loaded.
import type { DefaultFetch } from './default-fetch.js';
import { proxyAuthorization, proxyForUrl } from './proxy-for-url.js';

type Undici = typeof import('undici');

let undici: Promise<Undici> | undefined;
const agents = new Map<string, InstanceType<Undici['ProxyAgent']>>();

/** Node's `fetch`, through the proxy the environment names for the URL, if any. */
export const defaultFetch: DefaultFetch = async (url, init) => {
  const proxy = proxyForUrl(url, process.env);
  if (!proxy) return fetch(url, init);
  undici ??= import('undici');
  const { fetch: proxiedFetch, ProxyAgent } = await undici;
  let dispatcher = agents.get(proxy.href);
  if (!dispatcher) {
    dispatcher = new ProxyAgent({ uri: proxy.href, token: proxyAuthorization(proxy) });
    agents.set(proxy.href, dispatcher);
  }
  // undici's types name its own Request and Response classes; the objects are the standard ones.
  const response = await proxiedFetch(url, { ...init, dispatcher } as never);
  return response as unknown as Response;
};
