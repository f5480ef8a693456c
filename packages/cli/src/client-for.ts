import { Client } from '@fs/client';
import type { Connection } from './context.js';

/** A `@fs/client` Client for the run's key, hosts and request signing. */
export function clientFor(connection: Connection): Client {
  return new Client(connection.apikey, {
    urls: connection.urls,
    security: connection.security,
    onRetry: connection.onRetry,
  });
}
