/** The emulator's routes, as counted in `stats()` and targeted by fault rules. */
export type RouteName =
  | 'start'
  | 'upload'
  | 'put'
  | 'commit'
  | 'complete'
  | 'process'
  | 'cdn'
  | 'file';

/** Every route name, in protocol order. */
export const ROUTE_NAMES: readonly RouteName[] = [
  'start',
  'upload',
  'put',
  'commit',
  'complete',
  'process',
  'cdn',
  'file',
];
