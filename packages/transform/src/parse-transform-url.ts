import { redactUrl, type SignedPolicy } from '@fs/core';
import { fail } from './fail.js';
import { NUMBER } from './serialize.js';
import { isExternal, isSource, type TransformSource } from './source.js';
import type { Task, TaskValue } from './task.js';
import { TASK_NAMES } from './task-names.generated.js';

/** What `parseTransformUrl` reads out of a processing URL. */
export interface ParsedTransformUrl {
  source: TransformSource;
  tasks: Task[];
  apikey?: string;
  /** The trailing `security` task, in either spelling (`p`/`s` or `policy`/`signature`). */
  security?: SignedPolicy;
  /** The CDN origin, so `transformUrl(p.source, p.tasks, p)` rebuilds the URL. */
  urls: { cdn: string };
}

const URL_PARTS = /^(https?:\/\/[^/?#]+)(\/[^?#]*)?(\?[^#]*)?/i;
const TASK_SEGMENT = /^[a-z][a-z0-9_]*(=|$)/;
const API_KEY = /^[\w-]+$/;

/**
 * Splits `text` on `separator` outside double quotes and brackets. In a raw URL path a quote may
 * also be written `%22`; in decoded text `%22` is literal.
 */
function splitTop(text: string, separator: string, raw: boolean): string[] {
  const parts: string[] = [];
  let quoted = false;
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '"' || (raw && char === '%' && text.startsWith('22', i + 1))) quoted = !quoted;
    else if (!quoted && char === '[') depth++;
    else if (!quoted && char === ']') depth--;
    else if (!quoted && depth === 0 && char === separator) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/**
 * Reads a processing URL back into its source, tasks, API key and security: the exact inverse
 * of `transformUrl` (`transformUrl(p.source, p.tasks, p)` gives the same URL back). It also
 * reads what the official SDKs write: quoted sources, `security=policy:...,signature:...`, an
 * API key in front of a handle, and `?policy=...&signature=...`.
 *
 * @throws ValidationError when `url` is not a processing URL this grammar can read.
 * @example
 * parseTransformUrl('https://cdn.filestackcontent.com/resize=width:400/flip/aBcDeFgHiJkLmNoPqRsT');
 * // { source: 'aBcDeFgHiJkLmNoPqRsT', tasks: [{ name: 'resize', params: { width: 400 } }, { name: 'flip' }], urls: { cdn: 'https://cdn.filestackcontent.com' } }
 */
export function parseTransformUrl(url: string): ParsedTransformUrl {
  const bad = (allowed: string): never => fail('url', redactUrl(String(url)), allowed);
  const match = typeof url === 'string' ? URL_PARTS.exec(url) : null;
  const path = match?.[2]?.slice(1);
  if (!match || !path) return bad('a processing URL: https://<cdn host>/[apikey/][tasks/]<source>');
  const decode = (text: string): string => {
    try {
      return decodeURIComponent(text);
    } catch {
      return bad('a URL whose percent-escapes decode as UTF-8');
    }
  };

  const unquote = (text: string): string =>
    text.length > 1 && text.startsWith('"') && text.endsWith('"') ? text.slice(1, -1) : text;

  const readValue = (text: string): TaskValue => {
    if (text.startsWith('"')) {
      const inner = unquote(text);
      return inner.length === text.length - 2 && !inner.includes('"')
        ? inner
        : bad('quoted values without inner double quotes');
    }
    if (text.startsWith('[')) {
      if (!text.endsWith(']')) return bad('lists closed by "]"');
      const inner = text.slice(1, -1);
      return inner === '' ? [] : splitTop(inner, ',', false).map(readValue);
    }
    if (text === 'true' || text === 'false') return text === 'true';
    return NUMBER.test(text) ? Number(text) : text;
  };

  const readTask = (segment: string): Task => {
    const text = decode(segment);
    const eq = text.indexOf('=');
    if (eq === -1) return { name: text };
    const params: Record<string, TaskValue> = {};
    for (const pair of splitTop(text.slice(eq + 1), ',', false)) {
      const colon = pair.indexOf(':');
      if (colon < 1) return bad('task parameters written key:value');
      params[pair.slice(0, colon)] = readValue(pair.slice(colon + 1));
    }
    return { name: text.slice(0, eq), params };
  };

  // Read from the raw text, so a signature of digits only stays text.
  const readSecurity = (segment: string): SignedPolicy | undefined => {
    const text = decode(segment);
    if (!text.startsWith('security=')) return undefined;
    const found: Record<string, string> = {};
    for (const pair of splitTop(text.slice('security='.length), ',', false)) {
      const colon = pair.indexOf(':');
      found[pair.slice(0, Math.max(colon, 0))] = unquote(pair.slice(colon + 1));
    }
    const policy = found.p ?? found.policy;
    const signature = found.s ?? found.signature;
    return Object.keys(found).length === 2 && policy && signature
      ? { policy, signature }
      : undefined;
  };

  const segments = splitTop(path, '/', true);
  // The source starts at the first segment after the key or the tasks that cannot be a task
  // (an external URL starts "https:", a list "["), or else at the last segment.
  const [head = ''] = segments;
  let end = segments.length > 1 && (API_KEY.test(head) || TASK_SEGMENT.test(head)) ? 1 : 0;
  while (end < segments.length - 1 && TASK_SEGMENT.test(segments[end]!)) end++;
  const sourceText = decode(segments.slice(end).join('/'));
  const source: TransformSource =
    sourceText.startsWith('[') && sourceText.endsWith(']')
      ? splitTop(sourceText.slice(1, -1), ',', false).map(unquote)
      : unquote(sourceText);
  const sources = [source].flat();
  if (!sources.every(isSource)) {
    return bad(
      'a URL ending in a handle, an http(s):// URL, a src://alias/path or a list of these',
    );
  }

  const taskSegments = segments.slice(0, end);
  const first = taskSegments[0] ?? '';
  // The first segment is the API key when it cannot be a task (upper case, "-", a leading digit),
  // or when it is a bare word that names no task and the URL needs a key: transformUrl always
  // writes the key first for external sources and zip.
  const needsKey =
    sources.some(isExternal) || taskSegments.slice(1).some((segment) => /^zip(=|$)/.test(segment));
  const apikey =
    API_KEY.test(first) &&
    (!TASK_SEGMENT.test(first) || (needsKey && !TASK_NAMES.includes(` ${first} `)))
      ? taskSegments.shift()
      : undefined;

  const result: ParsedTransformUrl = { source, tasks: [], urls: { cdn: match[1]! } };
  if (apikey !== undefined) result.apikey = apikey;
  const security = taskSegments.length ? readSecurity(taskSegments.at(-1)!) : undefined;
  if (security) {
    taskSegments.pop();
    result.security = security;
  } else if (match[3]) {
    const query = new URLSearchParams(match[3]);
    const policy = query.get('policy');
    const signature = query.get('signature');
    // A query string turns `+` into a space; policies in the standard alphabet contain `+`.
    if (policy && signature) result.security = { policy: policy.replace(/ /g, '+'), signature };
  }
  result.tasks = taskSegments.map(readTask);
  return result;
}
