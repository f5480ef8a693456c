import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { UsageError } from './exit-codes.js';

/** One thing to upload, as named on the command line. */
export type UploadSource =
  | { kind: 'file'; label: string; path: string }
  | { kind: 'stdin'; label: '-' }
  /** Named but not uploadable: reported as a failure of its own, the rest still go. */
  | { kind: 'missing'; label: string; reason: string };

/**
 * Expands the paths given to `upload`: a file as itself, a directory as every file under it
 * (hidden ones too, as `cp -r` does), a quoted glob (`'photos/*.jpg'`) as its matches (Node 20
 * has no `fs.glob`), and `-` as standard input. A file named twice is uploaded once. A path that
 * matches nothing is kept as a failure, so that one typo does not stop the others.
 */
export async function expandInputs(args: readonly string[]): Promise<UploadSource[]> {
  const sources: UploadSource[] = [];
  const seen = new Set<string>();
  const addFile = (path: string) => {
    const key = resolve(path);
    if (seen.has(key)) return;
    seen.add(key);
    sources.push({ kind: 'file', label: path, path });
  };
  for (const arg of args) {
    if (arg === '-') {
      if (sources.some((source) => source.kind === 'stdin')) {
        throw new UsageError('-: standard input can be uploaded once per command');
      }
      sources.push({ kind: 'stdin', label: '-' });
      continue;
    }
    const stats = await stat(arg).catch((error: NodeJS.ErrnoException) => error);
    if (stats instanceof Error) {
      if (isDynamicPattern(arg)) {
        const matches = await glob(arg, { onlyFiles: true, expandDirectories: false });
        if (matches.length === 0) {
          sources.push({ kind: 'missing', label: arg, reason: 'no file matches this pattern' });
        }
        for (const match of matches.sort()) addFile(match);
      } else {
        sources.push({ kind: 'missing', label: arg, reason: describeStatError(stats) });
      }
    } else if (stats.isDirectory()) {
      const files = await glob('**/*', { cwd: arg, dot: true, onlyFiles: true });
      if (files.length === 0) {
        sources.push({ kind: 'missing', label: arg, reason: 'the directory holds no files' });
      }
      for (const file of files.sort()) addFile(join(arg, file));
    } else if (stats.isFile()) {
      addFile(arg);
    } else {
      sources.push({ kind: 'missing', label: arg, reason: 'not a regular file' });
    }
  }
  return sources;
}

function describeStatError(error: NodeJS.ErrnoException): string {
  if (error.code === 'ENOENT') return 'no such file or directory';
  if (error.code === 'EACCES') return 'permission denied';
  return error.message;
}
