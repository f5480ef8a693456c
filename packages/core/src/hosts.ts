import { ValidationError } from './errors.js';

/** Base URLs of the four Filestack services (docs/protocol.md#hosts). */
export interface Hosts {
  /** Upload API: `/multipart/*`. */
  upload: string;
  /** Delivery and processing: `/<handle>`, `/<tasks>/<source>`. */
  cdn: string;
  /** File API base; the file routes live under `<api>/file/<handle>`. */
  api: string;
  /** Host of `POST /process` (store from a URL, as filestack-js sends it). */
  process: string;
}

/** Where requests go: every option that takes hosts accepts these two. */
export interface HostOptions {
  /** Override any host on its own, e.g. to point at `@fs/emulator`. */
  urls?: Partial<Hosts>;
  /**
   * A custom domain: `filestackapi.com` and `filestackcontent.com` are replaced by it in every
   * host (`https://cdn.filestackcontent.com` -> `https://cdn.<cname>`).
   */
  cname?: string;
}

/** Filestack's own hosts, used unless `urls` or `cname` say otherwise. */
// Marked pure so bundlers drop it from bundles that never read it (budgets in bench/).
export const DEFAULT_HOSTS: Readonly<Hosts> = /* @__PURE__ */ Object.freeze({
  upload: 'https://upload.filestackapi.com',
  cdn: 'https://cdn.filestackcontent.com',
  api: 'https://www.filestackapi.com/api',
  process: 'https://process.filestackapi.com',
});

const FILESTACK_DOMAIN = /filestackapi\.com|filestackcontent\.com/i;
const CNAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/i;
const HOST_NAMES = ['upload', 'cdn', 'api', 'process'] as const;

/** The hosts to use for a call: defaults, then `urls` overrides, then the `cname` swap. */
export function resolveHosts(options: HostOptions = {}): Hosts {
  const { urls = {}, cname } = options;
  if (cname !== undefined && !CNAME.test(cname)) {
    throw new ValidationError({
      option: 'cname',
      received: cname,
      allowed: 'a domain name such as "files.example.com" (no scheme, no path)',
    });
  }
  const hosts = { ...DEFAULT_HOSTS };
  for (const name of HOST_NAMES) {
    const given = urls[name];
    let url = given === undefined ? hosts[name] : checkHostUrl(`urls.${name}`, given);
    if (cname !== undefined) url = url.replace(FILESTACK_DOMAIN, cname);
    hosts[name] = url;
  }
  return hosts;
}

function checkHostUrl(option: string, value: unknown): string {
  if (typeof value === 'string' && /^https?:\/\/[^/?#\s]+(\/[^?#\s]*)?$/i.test(value)) {
    return value.replace(/\/+$/, '');
  }
  throw new ValidationError({
    option,
    received: value,
    allowed: 'an absolute http(s) URL without query or fragment, e.g. "http://127.0.0.1:4000"',
  });
}
