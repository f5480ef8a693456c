// Run by `pnpm lint` before the check itself: the default-tag check finds defaults stated only
// in prose, and only those.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { untaggedDefaults } from './check-default-tags.mjs';

describe('the default-tag check', () => {
  it('finds options whose default is only in prose, with their line', () => {
    const source = [
      'export interface Options {',
      '  /** Milliseconds between requests. Default 1000. */',
      '  interval?: number;',
      '  /**',
      '   * Parts in flight at once (1-20, default 4).',
      '   */',
      '  readonly concurrency?: number;',
      '  /** Where uploads go (`S3` by default). */',
      '  storage?: string;',
      '}',
    ].join('\n');
    assert.deepEqual(untaggedDefaults(source), [
      { line: 2, name: 'interval' },
      { line: 4, name: 'concurrency' },
      { line: 8, name: 'storage' },
    ]);
  });

  it('lets tagged defaults, required fields and code that says "default" through', () => {
    const source = [
      'export interface Options {',
      '  /**',
      '   * Milliseconds between requests; by default a second.',
      '   * @default 1000',
      '   */',
      '  interval?: number;',
      '  /** Required, so no default. */',
      '  apikey: string;',
      '  /** The timings, as in {@link DEFAULT_POLL}; see `defaultTransport`. */',
      '  poll?: object;',
      '}',
    ].join('\n');
    assert.deepEqual(untaggedDefaults(source), []);
  });
});
