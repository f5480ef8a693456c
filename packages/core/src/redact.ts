/** Query parameters whose values must never reach a message, a log line or `JSON.stringify`. */
const SECRET_QUERY_PARAMS = new Set(['signature', 'policy', 'key', 'secret']);

/**
 * The `security=` processing task carries the policy and signature inside the URL path
 * (`security=p:...,s:...` or `security=policy:...,signature:...`, spec 5.6).
 */
const SECURITY_TASK = /(security=)[^/?#]*/gi;

/**
 * What `redactText` removes: a security task (as above) or a bare signature, 64 hex characters
 * (HMAC-SHA256) wherever a server echoes one. One pattern, so every bundle that can throw pays
 * for one regular expression.
 */
const SECRET_TEXT = /(security=)[^/?#]*|\b[\da-f]{64}\b/gi;

export const REDACTED = '[redacted]';

/** Returns `url` with every policy, signature and key value replaced by `[redacted]`. */
export function redactUrl(url: string): string {
  const hashAt = url.indexOf('#');
  const withoutHash = hashAt === -1 ? url : url.slice(0, hashAt);
  const queryAt = withoutHash.indexOf('?');
  const path = (queryAt === -1 ? withoutHash : withoutHash.slice(0, queryAt)).replace(
    SECURITY_TASK,
    `$1${REDACTED}`,
  );
  if (queryAt === -1) return path;
  const query = withoutHash
    .slice(queryAt + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = decodeName(eq === -1 ? pair : pair.slice(0, eq)).toLowerCase();
      return eq !== -1 && SECRET_QUERY_PARAMS.has(name) ? `${pair.slice(0, eq)}=${REDACTED}` : pair;
    })
    .join('&');
  return `${path}?${query}`;
}

/** A query parameter's name as a server reads it; a malformed escape is kept as written. */
function decodeName(name: string): string {
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

/** Scrubs signatures and security tasks out of free text (server error bodies, messages). */
export function redactText(text: string): string {
  // `$1` is empty for a bare signature.
  return text.replace(SECRET_TEXT, '$1[redacted]');
}
