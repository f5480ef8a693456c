import type { HttpClient, SecuritySource, SignedPolicy } from '@fs/core';
import { withFreshPolicy } from '@fs/core';

/**
 * GETs the conversion URL `build` makes with the current policy and answers its JSON. A policy
 * the service refuses (401/403) from a provider is asked for again and the request repeated
 * once, as `@fs/transform` does.
 */
export async function getJob(
  build: (security: SignedPolicy | undefined) => string,
  security: SecuritySource,
  http: HttpClient,
  signal: AbortSignal | undefined,
): Promise<unknown> {
  const { body } = await withFreshPolicy(security, (policy) =>
    http.request({ url: build(policy), signal }),
  );
  return body;
}
