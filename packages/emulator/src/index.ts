export { startEmulator } from './emulator.js';
export { DEFAULT_APIKEY } from './ids.js';
export type {
  Emulator,
  EmulatorOptions,
  EmulatorStats,
  EmulatorUrls,
  FaultKind,
  FaultRule,
  RequestRecord,
  RouteName,
} from './types.js';
export { FAULT_KINDS, ROUTE_NAMES } from './types.js';
