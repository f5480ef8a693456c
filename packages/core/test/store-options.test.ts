import { thrown } from '@fs/test-kit';
import { describe, expect, it } from 'vitest';
import {
  MAX_WORKFLOWS,
  type StoreOptions,
  ValidationError,
  validateStoreOptions,
} from '../src/index.js';

function rejection(store: unknown, option?: string): ValidationError {
  return thrown(() => validateStoreOptions(store, option), ValidationError);
}

describe('validateStoreOptions', () => {
  it('accepts every store option and returns a copy', () => {
    const store: StoreOptions = {
      location: 's3',
      path: 'uploads/',
      container: 'my-bucket',
      region: 'eu-west-1',
      access: 'private',
      filename: 'photo.jpg',
      mimetype: 'image/jpeg',
      workflows: ['wf-1', { id: 'wf-2' }],
    };
    const copy = validateStoreOptions(store);
    expect(copy).toEqual(store);
    expect(copy).not.toBe(store);
  });

  it('treats a missing store as no options', () => {
    expect(validateStoreOptions(undefined)).toEqual({});
  });

  it('accepts every location in either case', () => {
    for (const location of ['s3', 'gcs', 'azure', 'rackspace', 'dropbox', 'S3', 'GCS', 'Azure']) {
      expect(validateStoreOptions({ location }).location).toBe(location);
    }
  });

  it('accepts any region: regions change, so there is no list', () => {
    expect(validateStoreOptions({ region: 'xx-new-9' }).region).toBe('xx-new-9');
  });

  it.each([null, 'store', 3, ['s3']])('rejects %j as the store itself', (store) => {
    expect(rejection(store)).toMatchObject({
      option: 'store',
      allowed: 'an object of store options',
    });
  });

  it('rejects an unknown option by name and lists the known ones', () => {
    const error = rejection({ bucket: 'b' });
    expect(error.option).toBe('store.bucket');
    expect(error.message).toBe(
      'Unknown store option "bucket"; allowed: location, access, workflows, path, container, region, filename, mimetype',
    );
  });

  it('rejects an unknown location', () => {
    expect(rejection({ location: 'ftp' })).toMatchObject({
      option: 'store.location',
      received: 'ftp',
      allowed: 's3, gcs, azure, rackspace, dropbox',
    });
    expect(rejection({ location: 5 }).option).toBe('store.location');
  });

  it('rejects access other than public or private', () => {
    const error = rejection({ access: 'everyone' });
    expect(error).toMatchObject({ option: 'store.access', received: 'everyone' });
    expect(error.message).toBe(
      'Invalid store.access: got "everyone"; expected "public" or "private"',
    );
  });

  it.each(['path', 'container', 'region', 'filename', 'mimetype'])(
    'rejects an empty or non-string %s',
    (key) => {
      expect(rejection({ [key]: '' })).toMatchObject({ option: `store.${key}`, received: '' });
      expect(rejection({ [key]: 7 })).toMatchObject({
        option: `store.${key}`,
        allowed: 'a non-empty string',
      });
    },
  );

  it('rejects workflows that are not a list of ids, or too many', () => {
    for (const workflows of ['wf-1', [''], [{}], [{ id: 3 }], [null]]) {
      expect(rejection({ workflows }).option).toBe('store.workflows');
    }
    const tooMany = Array.from({ length: MAX_WORKFLOWS + 1 }, (_, i) => `wf-${i}`);
    expect(rejection({ workflows: tooMany }).allowed).toContain('at most 20');
    expect(validateStoreOptions({ workflows: tooMany.slice(1) }).workflows).toHaveLength(20);
  });

  it('names the option the caller used', () => {
    expect(rejection({ access: 'x' }, 'upload.store').option).toBe('upload.store.access');
  });

  it('never mutates its input', () => {
    const store = Object.freeze({ location: 'gcs', path: 'a/' });
    expect(validateStoreOptions(store)).toEqual({ location: 'gcs', path: 'a/' });
  });
});
