/**
 * What differs between Node and the other runtimes (browsers, workers): reading a file by its
 * path and writing a download to disk. `#runtime` resolves to `runtime.node.ts` under the `node`
 * condition of the package's `imports` map and to `runtime.browser.ts` elsewhere, so no `node:`
 * import reaches a browser bundle and nothing is decided by sniffing the environment.
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
   * Checks, before any request is sent, that a download can be written to `path`.
   *
   * @throws ValidationError naming `option` otherwise (always, where there is no file system).
   */
  checkWritable(path: unknown, option: string): Promise<string>;
  /**
   * Streams `body` into the file at `path` (created or truncated) and resolves with the number
   * of bytes written. A failed or aborted write leaves no partial file behind.
   */
  writeFile(
    path: string,
    body: ReadableStream<Uint8Array> | null,
    signal?: AbortSignal,
  ): Promise<number>;
}
