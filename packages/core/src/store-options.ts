import { ValidationError } from './errors.js';

/** Storage backends Filestack writes to. Compared case-insensitively (Python sends `S3`). */
export type StoreLocation = 's3' | 'gcs' | 'azure' | 'rackspace' | 'dropbox';

/** Where and how an uploaded or processed file is stored (docs/protocol.md#store-options). */
export interface StoreOptions {
  /** Storage backend; `s3` when absent. */
  location?: StoreLocation | Uppercase<StoreLocation>;
  /** A key (`a/b.jpg`) or, ending in `/`, a folder the generated key goes into. */
  path?: string;
  /** Bucket or container name. */
  container?: string;
  /** Bucket region, e.g. `us-east-1`. Not checked against a list: regions change. */
  region?: string;
  access?: 'public' | 'private';
  /** The stored file's name. */
  filename?: string;
  /** The stored file's MIME type. */
  mimetype?: string;
  /** Workflow ids to run once the file is stored (at most 20). */
  workflows?: ReadonlyArray<string | { id: string }>;
}

const LOCATIONS: readonly string[] = ['s3', 'gcs', 'azure', 'rackspace', 'dropbox'];
const STRING_KEYS = ['path', 'container', 'region', 'filename', 'mimetype'] as const;
// Spelt out rather than spread from STRING_KEYS: a spread at module level is code a bundler must
// keep, even in bundles that never validate store options.
const KNOWN_KEYS: readonly string[] = [
  'location',
  'access',
  'workflows',
  'path',
  'container',
  'region',
  'filename',
  'mimetype',
];
/** The most workflows one store request may name. */
export const MAX_WORKFLOWS = 20;

/** Checks store options and returns a copy (inputs are never mutated). */
export function validateStoreOptions(store: unknown, option = 'store'): StoreOptions {
  if (store === undefined) return {};
  if (store === null || typeof store !== 'object' || Array.isArray(store)) {
    throw new ValidationError({ option, received: store, allowed: 'an object of store options' });
  }
  const given = store as Record<string, unknown>;
  for (const key of Object.keys(given)) {
    if (!KNOWN_KEYS.includes(key)) {
      throw new ValidationError({
        option: `${option}.${key}`,
        received: given[key],
        allowed: `one of the store options ${KNOWN_KEYS.join(', ')}`,
        message: `Unknown store option "${key}"; allowed: ${KNOWN_KEYS.join(', ')}`,
      });
    }
  }
  const { location, access, workflows } = given;
  if (
    location !== undefined &&
    (typeof location !== 'string' || !LOCATIONS.includes(location.toLowerCase()))
  ) {
    throw new ValidationError({
      option: `${option}.location`,
      received: location,
      allowed: LOCATIONS.join(', '),
    });
  }
  if (access !== undefined && access !== 'public' && access !== 'private') {
    throw new ValidationError({
      option: `${option}.access`,
      received: access,
      allowed: '"public" or "private"',
    });
  }
  for (const key of STRING_KEYS) {
    const value = given[key];
    if (value !== undefined && (typeof value !== 'string' || value === '')) {
      throw new ValidationError({
        option: `${option}.${key}`,
        received: value,
        allowed: 'a non-empty string',
      });
    }
  }
  if (workflows !== undefined) {
    const valid =
      Array.isArray(workflows) &&
      workflows.length <= MAX_WORKFLOWS &&
      workflows.every(
        (w) =>
          (typeof w === 'string' && w !== '') ||
          (typeof w === 'object' && w !== null && typeof (w as { id?: unknown }).id === 'string'),
      );
    if (!valid) {
      throw new ValidationError({
        option: `${option}.workflows`,
        received: workflows,
        allowed: `an array of at most ${MAX_WORKFLOWS} workflow ids (strings or { id })`,
      });
    }
  }
  return { ...(given as StoreOptions) };
}
