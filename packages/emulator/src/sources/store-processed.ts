import { ReplyError } from '../http/replies.js';
import { type ChainResult, runChain } from '../processing/chain.js';
import { type Dimensions, imageDimensions } from '../processing/image-size.js';
import type { Source, Task } from '../processing/task.js';
import type { FileRecord, FileStore } from '../store/file-store.js';
import {
  type SourceStoreOptions,
  type StoreParams,
  storeOpened,
  storeSource,
} from './store-source.js';

/** A stored chain result. */
export interface StoredResult {
  file: FileRecord;
  /**
   * For images: the stored image's size, answered as `width`/`height`
   * (docs/protocol.md#the-store-task).
   */
  dimensions?: Dimensions;
  unapplied: string[];
}

/**
 * Runs the processing tasks on a source and stores the result under a new handle (the CDN
 * `store` task and `/process`); without tasks, or when nothing changes the file, the source's
 * own bytes are stored.
 */
export async function storeProcessed(
  files: FileStore,
  source: Source,
  processing: readonly Task[],
  params: StoreParams,
  options: SourceStoreOptions,
): Promise<StoredResult> {
  const result: ChainResult =
    processing.length > 0
      ? await runChain(files, source, processing, options.fetching)
      : { kind: 'unchanged', unapplied: [] };
  if (result.kind === 'json') {
    throw new ReplyError(
      400,
      'store needs a file, but the chain ends with a task that answers JSON',
    );
  }
  if (result.kind === 'unchanged') {
    const file = await storeSource(files, source, params, options);
    const dimensions = await imageDimensions(files.bytesPath(file), file.mimetype);
    return { file, dimensions, unapplied: result.unapplied };
  }
  try {
    const file = await storeOpened(
      files,
      {
        body: result.image,
        filename: result.filename,
        mimetype: result.mimetype,
        sourceUrl: result.sourceUrl,
      },
      params,
      options,
    );
    return {
      file,
      dimensions: { width: result.width, height: result.height },
      unapplied: result.unapplied,
    };
  } finally {
    await result.cleanup();
  }
}
