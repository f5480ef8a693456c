import type { HostOptions } from '@fs/core';
import { matchOrFail } from './fail.js';

/**
 * The CDN origin for `options`, with the semantics of `resolveHosts` from `@fs/core` (override,
 * then the cname swap) for this one host. `resolveHosts` builds and checks all four hosts, which
 * would cost a URL-only page about 350 bytes gzipped.
 */
export const cdnHost = ({ urls, cname }: HostOptions): string =>
  matchOrFail(
    /^https?:\/\/[^/?#\s][^?#\s]*$/i,
    urls?.cdn ?? 'https://cdn.filestackcontent.com',
    'urls.cdn',
    'an http(s) URL',
  )
    .replace(
      /filestack(api|content)\.com/i,
      cname === undefined
        ? '$&'
        : matchOrFail(/^([a-z\d-]+\.)+[a-z\d-]+$/i, cname, 'cname', 'a domain name'),
    )
    .replace(/\/+$/, '');
