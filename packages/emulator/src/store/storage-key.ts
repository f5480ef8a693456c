/** The container a file lands in when the client names none. */
export const DEFAULT_CONTAINER = 'fs-emulator-uploads';

/**
 * The storage key of a new file (docs/protocol.md#store-options): `<path><handle><sep><filename>`
 * or `path`.
 */
export function storageKey(
  handle: string,
  filename: string,
  path: unknown,
  separator: '_' | '-' = '_',
): string {
  const name = `${handle}${separator}${filename}`;
  if (typeof path !== 'string' || path === '') return name;
  const bare = path.replace(/^\/+/, '');
  return bare === '' || bare.endsWith('/') ? `${bare}${name}` : bare;
}
