import type { HostOptions } from '@fs/core';
import { fail } from './fail.js';

/**
 * The CDN origin for `options`, with the semantics of `resolveHosts` from `@fs/core` (override,
 * then the cname swap) for this one host. `resolveHosts` builds and checks all four hosts, which
 * would cost a URL-only page about 350 bytes gzipped.
 */
export const cdnHost = ({ urls, cname }: HostOptions): string => {
  const cdn = urls?.cdn ?? 'https://cdn.filestackcontent.com';
  if (!/^https?:\/\/[^/?#\s]+(\/[^?#\s]*)?$/i.test(cdn)) fail('urls.cdn', cdn, 'an http(s) URL');
  if (cname !== undefined && !/^[a-z\d-]+(\.[a-z\d-]+)+$/i.test(cname)) {
    fail('cname', cname, 'a domain name');
  }
  return (cname ? cdn.replace(/filestack(api|content)\.com/i, cname) : cdn).replace(/\/+$/, '');
};
