import { thrown } from '@fs/test-kit';
import { describe, expect, it } from 'vitest';
import { DEFAULT_HOSTS, resolveHosts, ValidationError } from '../src/index.js';

describe('resolveHosts', () => {
  it('returns the four Filestack hosts by default', () => {
    expect(resolveHosts()).toEqual({
      upload: 'https://upload.filestackapi.com',
      cdn: 'https://cdn.filestackcontent.com',
      api: 'https://www.filestackapi.com/api',
      process: 'https://process.filestackapi.com',
    });
    expect(resolveHosts({})).toEqual(DEFAULT_HOSTS);
  });

  it('hands out a fresh object so callers cannot change the defaults', () => {
    const hosts = resolveHosts();
    hosts.cdn = 'http://127.0.0.1:1';
    expect(resolveHosts().cdn).toBe('https://cdn.filestackcontent.com');
    expect(Object.isFrozen(DEFAULT_HOSTS)).toBe(true);
  });

  it('replaces both Filestack domains in every host with a cname', () => {
    expect(resolveHosts({ cname: 'files.example.com' })).toEqual({
      upload: 'https://upload.files.example.com',
      cdn: 'https://cdn.files.example.com',
      api: 'https://www.files.example.com/api',
      process: 'https://process.files.example.com',
    });
  });

  it('overrides each host on its own and keeps the others', () => {
    for (const name of ['upload', 'cdn', 'api', 'process'] as const) {
      const hosts = resolveHosts({ urls: { [name]: 'http://127.0.0.1:4000' } });
      for (const other of ['upload', 'cdn', 'api', 'process'] as const) {
        expect(hosts[other]).toBe(other === name ? 'http://127.0.0.1:4000' : DEFAULT_HOSTS[other]);
      }
    }
  });

  it('drops trailing slashes of an override and keeps its path', () => {
    expect(resolveHosts({ urls: { api: 'http://localhost:9000/fs/api/' } }).api).toBe(
      'http://localhost:9000/fs/api',
    );
  });

  it('applies the cname to the defaults but leaves overrides to other domains alone', () => {
    const hosts = resolveHosts({
      cname: 'files.example.com',
      urls: { upload: 'http://127.0.0.1:4000', cdn: 'https://cdn.filestackcontent.com' },
    });
    expect(hosts.upload).toBe('http://127.0.0.1:4000');
    expect(hosts.cdn).toBe('https://cdn.files.example.com');
    expect(hosts.api).toBe('https://www.files.example.com/api');
  });

  it('matches the Filestack domains case-insensitively', () => {
    const hosts = resolveHosts({
      cname: 'files.example.com',
      urls: { cdn: 'https://CDN.FilestackContent.COM' },
    });
    expect(hosts.cdn).toBe('https://CDN.files.example.com');
  });

  it.each([
    ['https://files.example.com', 'a scheme'],
    ['files.example.com/path', 'a path'],
    ['localhost', 'a single label'],
    ['-bad.example.com', 'a leading hyphen'],
    ['', 'an empty string'],
  ])('rejects a cname %j (%s)', (cname, _why) => {
    const error = thrown(() => resolveHosts({ cname }), ValidationError, {
      code: 'VALIDATION',
      option: 'cname',
      received: cname,
    });
    expect((error as ValidationError).message).toContain('Invalid cname');
    expect((error as ValidationError).allowed).toContain('domain name');
  });

  it.each<[unknown, string]>([
    ['ftp://127.0.0.1', 'another scheme'],
    ['127.0.0.1:4000', 'no scheme'],
    ['http://127.0.0.1:4000?x=1', 'a query'],
    ['http://127.0.0.1:4000/#x', 'a fragment'],
    ['http://', 'no host'],
    [4000, 'a number'],
  ])('rejects a host override %j (%s), naming the host', (url, _why) => {
    const error = thrown(() => resolveHosts({ urls: { upload: url as string } }), ValidationError, {
      option: 'urls.upload',
      received: url,
    });
    expect((error as ValidationError).allowed).toContain('absolute http(s) URL');
  });
});
