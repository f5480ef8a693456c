import { inspect } from 'node:util';

/**
 * Every way an error can be printed or serialised: `util.inspect` at any depth (hidden fields
 * included), `JSON.stringify`, and the message, stack, JSON and `String()` of each link of its
 * cause chain. A secret absent from all of them cannot leak through a log line.
 */
export function everyRendering(error: unknown): string[] {
  const out = [
    inspect(error, { depth: Number.POSITIVE_INFINITY, showHidden: true }),
    JSON.stringify(error) ?? '',
  ];
  let link: unknown = error;
  for (let depth = 0; link && depth < 50; depth++) {
    if (link instanceof Error) out.push(link.message, String(link.stack));
    out.push(JSON.stringify(link) ?? '', String(link));
    link = (link as { cause?: unknown }).cause;
  }
  return out;
}
