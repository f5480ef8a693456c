import { flag, type Query } from '../http/query.js';
import { type Dimensions, imageDimensions } from '../processing/image-size.js';
import type { FileRecord, FileStore } from '../store/file-store.js';
import { EAGER_HASHES, type HashName, LAZY_HASHES } from '../store/hashed-write.js';

const ALL_FLAGS = [
  'size',
  'mimetype',
  'filename',
  'width',
  'height',
  'uploaded',
  'writeable',
  'cloud',
  'source_url',
  ...EAGER_HASHES,
  ...LAZY_HASHES,
  'location',
  'path',
  'container',
  'key',
  'exif',
] as const;

/**
 * The cheap set answered when no flag is asked (docs/protocol.md#metadata; Go also expects `key`).
 */
const DEFAULT_FLAGS = [
  'size',
  'mimetype',
  'filename',
  'uploaded',
  'writeable',
  'location',
  'path',
  'container',
  'key',
];

/**
 * Which metadata fields a query asks for (JS also spells `source_url` as `sourceUrl`), plus
 * those a `metadata=params:[...]` task lists.
 */
export function requestedMetadata(query: Query, listed: readonly unknown[] = []): string[] {
  const asked = ALL_FLAGS.filter(
    (name) =>
      flag(query, name) ||
      listed.includes(name) ||
      (name === 'source_url' && flag(query, 'sourceUrl')),
  );
  return asked.length > 0 ? asked : DEFAULT_FLAGS;
}

/**
 * The metadata object of a file (docs/protocol.md#metadata); digests are lower-case hex,
 * `width`/`height` read from the image header (null for other files). `dimensions` is given for
 * files not in the store (a processing result).
 */
export async function metadataAnswer(
  files: FileStore,
  file: FileRecord,
  fields: readonly string[],
  dimensions?: Dimensions,
): Promise<Record<string, unknown>> {
  const hashes = fields.filter((f): f is HashName =>
    (EAGER_HASHES as readonly string[]).concat(LAZY_HASHES).includes(f),
  );
  const withHashes = await files.ensureHashes(file, hashes);
  const pixels =
    fields.includes('width') || fields.includes('height')
      ? (dimensions ?? (await imageDimensions(files.bytesPath(file), file.mimetype)))
      : undefined;
  const values: Record<string, unknown> = {
    size: file.size,
    mimetype: file.mimetype,
    filename: file.filename,
    width: pixels?.width ?? null,
    height: pixels?.height ?? null,
    uploaded: file.uploaded,
    writeable: true,
    cloud: false,
    source_url: file.sourceUrl ?? null,
    location: file.location,
    path: file.key,
    container: file.container,
    key: file.key,
    exif: null,
  };
  const out: Record<string, unknown> = {};
  for (const name of fields) {
    out[name] = hashes.includes(name as HashName)
      ? withHashes.hashes[name as HashName]
      : values[name];
  }
  return out;
}
