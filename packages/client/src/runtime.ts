import type { Task, TransformSource } from '@fs/transform';
import type { CallOptions, Settings } from './settings.js';

/**
 * What differs between Node and the other runtimes (browsers, workers): reading a file by its
 * path and writing a download to disk. `#runtime` resolves to `runtime.node.ts` under the `node`
 * condition of the package's `imports` map and to `runtime.browser.ts` elsewhere, so no `node:`
 * import (and no download code) reaches a browser bundle, and nothing is decided by sniffing the
 * environment.
 */
export interface ClientRuntime {
  /**
   * A file on disk as a `Blob` that is read lazily, part by part, by uploads and overwrites
   * (never whole into memory). Named and typed from the path unless `mimetype` is given.
   *
   * @throws ValidationError naming `option` when the path cannot be opened, or when this
   *   runtime has no file system.
   */
  openFile(path: string, option: string, mimetype?: string): Promise<Blob>;
  /**
   * Streams the result of `tasks` on `source` into the file at `path` and resolves with the
   * bytes written; a ValidationError before any request where there is no file system.
   */
  download(
    settings: Settings,
    source: TransformSource,
    tasks: readonly Task[],
    path: unknown,
    options: CallOptions | undefined,
  ): Promise<number>;
}
