import { type EmulatorStats, type RequestRecord, ROUTE_NAMES, type RouteName } from '../types.js';

function zeroCounts(): Record<RouteName, number> {
  return Object.fromEntries(ROUTE_NAMES.map((name) => [name, 0])) as Record<RouteName, number>;
}

/** Records kept; older ones are dropped (counts stay exact) so a long-running CLI stays small. */
export const MAX_RECORDS = 100_000;

/** Counts per route and one record per request, so tests can assert what a client sent. */
export class RequestLog {
  private counts = zeroCounts();
  private requests: RequestRecord[] = [];

  /** Opens the record of a request as it arrives; its status is filled in when answered. */
  begin(route: RouteName, method: string): RequestRecord {
    const record: RequestRecord = { route, method, status: 0, at: Date.now() };
    this.counts[route]++;
    this.requests.push(record);
    if (this.requests.length > MAX_RECORDS)
      this.requests.splice(0, this.requests.length - MAX_RECORDS);
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
