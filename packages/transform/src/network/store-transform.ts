import { FilestackError, type StoredFile, toStoredFile } from '@fs/core';
import { cdnHost } from '../cdn-host.js';
import type { TransformSource } from '../source.js';
import type { Task } from '../task.js';
import { type StoreParams, store } from '../tasks/store.generated.js';
import { sendTransform, type TransformRequestOptions } from './send-transform.js';

/** Options of `storeTransform`. */
export interface StoreTransformOptions extends TransformRequestOptions {
  /** Parameters of the `store` task appended to the chain (where and how to store). */
  store?: StoreParams;
}

/**
 * Runs `tasks` on `source` and stores the result as a new file: POSTs the URL with a `store`
 * task at the end, as the Python SDK does, and reads the JSON answer. Not retried, since each
 * successful request stores another file.
 *
 * @throws ValidationError before any request for bad input; HttpError when the CDN refuses;
 *   FilestackError (`PROTOCOL`) when the answer names no file.
 * @example
 * const file = await storeTransform(handle, [resize({ width: 400 })], { store: { path: 'thumbs/' } });
 * file.handle; // the new file
 */
export async function storeTransform(
  source: TransformSource,
  tasks: readonly Task[] = [],
  options: StoreTransformOptions = {},
): Promise<StoredFile> {
  const chain = [...tasks, store(options.store)];
  const { body } = await sendTransform<unknown>(source, chain, options, 'POST', 'json');
  if (typeof body !== 'object' || body === null) {
    throw new FilestackError('The store task answered without JSON', { code: 'PROTOCOL' });
  }
  return toStoredFile(body, cdnHost(options));
}
