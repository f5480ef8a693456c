import type { FastifyRequest } from 'fastify';
import type { FaultKind } from '../faults/fault-rule.js';
import { ROUTE_NAMES, type RouteName } from './route-names.js';

/** One request the emulator received, in arrival order. */
export interface RequestRecord {
  route: RouteName;
  method: string;
  /** The status answered; 0 while the request is in flight and when the connection was reset. */
  status: number;
  uploadId?: string;
  part?: number;
  offset?: number;
  size?: number;
  /**
   * Body bytes the emulator read: a stored part's size, or, for requests whose body it streams
   * (part PUTs, file API stores and overwrites), those read before a `reset` fault dropped the
   * connection.
   */
  received?: number;
  /**
   * The fault that fired on this request: the outcome kind when one fired, otherwise the first
   * link kind (`stall`, `latency`, `throttle`).
   */
  fault?: FaultKind;
  /** Arrival time, ms since the epoch. */
  at: number;
}

/** Request counts per route and the request log, since start or the last `reset()`. */
export interface EmulatorStats {
  counts: Record<RouteName, number>;
  requests: RequestRecord[];
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The request-log entry of this request, when it belongs to a counted route. */
    emuRecord: RequestRecord | null;
  }
}

function zeroCounts(): Record<RouteName, number> {
  return Object.fromEntries(ROUTE_NAMES.map((name) => [name, 0])) as Record<RouteName, number>;
}

/** Records kept; older ones are dropped (counts stay exact) so a long-running CLI stays small. */
export const MAX_RECORDS = 100_000;

/** Counts per route and one record per request, so tests can assert what a client sent. */
export class RequestLog {
  private counts = zeroCounts();
  private requests: RequestRecord[] = [];

  /**
   * Opens the record of a request as it arrives and attaches it to the request; its status is
   * filled in when answered (see the server's `onResponse` hook).
   */
  track(request: FastifyRequest, route: RouteName): RequestRecord {
    const record: RequestRecord = { route, method: request.method, status: 0, at: Date.now() };
    this.counts[route]++;
    this.requests.push(record);
    if (this.requests.length > MAX_RECORDS) {
      this.requests.splice(0, this.requests.length - MAX_RECORDS);
    }
    request.emuRecord = record;
    return record;
  }

  snapshot(): EmulatorStats {
    return {
      counts: { ...this.counts },
      requests: this.requests.map((r) => ({ ...r })),
    };
  }

  reset(): void {
    this.counts = zeroCounts();
    this.requests = [];
  }
}
