/** Query parameters whose values must never reach a message, a log line or `JSON.stringify`. */
const SECRET_QUERY_PARAMS = new Set(['signature', 'policy', 'key', 'secret']);

/**
 * The `security=` processing task carries the policy and signature inside the URL path
 * (`security=p:...,s:...` or `security=policy:...,signature:...`).
 */
const SECURITY_TASK = /(security=)[^/?#]*/gi;

/**
 * What `redactText` removes: a security task (as above), an encoded policy (base64 of a JSON
 * object always starts with `eyJ`), or a bare signature (64 hex characters, HMAC-SHA256),
 * wherever a URL, a server answer or a foreign error quotes them. One pattern, so every bundle
 * that can throw pays for one regular expression.
 */
const SECRET_TEXT = /(security=)[^/?#]*|\beyJ[\w-]+=*|\b[\da-f]{64}\b/g;

/** What stands in for a policy, signature or key in messages, URLs and JSON. */
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

/** Scrubs signatures, policies and security tasks out of free text (bodies, messages, stacks). */
export function redactText(text: string): string {
  // `$1` is empty for a bare signature or policy.
  return text.replace(SECRET_TEXT, `$1${REDACTED}`);
}

/**
 * A copy of `value` that is safe to keep on an error: strings scrubbed as by `redactText`, an
 * object that carries a `signature` (a signed policy, a `Security`) replaced whole, and plain
 * objects and arrays copied with the same rules at any depth. Other objects (a Blob, a stream,
 * a function) are kept as they are.
 */
export function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (Object(value) !== value) return value;
  // Deeper than any options object or service answer: a cycle, cut rather than walked.
  if ('signature' in (value as object) || depth > 32) return REDACTED;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto && proto !== Object.prototype && proto !== Array.prototype) return value;
  const copy: Record<string, unknown> = Array.isArray(value) ? ([] as never) : {};
  for (const key in value as object) {
    copy[key] = redactValue((value as Record<string, unknown>)[key], depth + 1);
  }
  return copy;
}
