import type { ParamValue, Source, Task } from './task.js';
import { isKnownTask, paramName } from './task-params.js';

/**
 * Parser of CDN / processing URLs (docs/protocol.md#emulator-notes-processing):
 * `[/APIKEY][/debug][/TASK]*[/SOURCE]`, tolerant of every official SDK's quoting and encoding.
 * Pure: no I/O.
 */

export interface CdnRequest {
  apikey?: string;
  /** `debug` was asked: describe the parse instead of executing it. */
  debug: boolean;
  /** Tasks in URL order, `security` included. */
  tasks: Task[];
  /** Undefined for source-less tasks such as `workflow_status`. */
  source?: Source;
}

/** Thrown for a URL that cannot be parsed; the CDN answers 400 with the message. */
export class CdnUrlError extends Error {}

const HANDLE = /^[A-Za-z0-9_-]{20}$/;
const TASK_TOKEN = /^([a-z][a-z0-9_]*)(=(.*))?$/s;

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Splits on `separator` outside double quotes and square brackets. */
function splitOutside(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let current = '';
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && char === '[') depth++;
    else if (!quoted && char === ']') depth = Math.max(0, depth - 1);
    if (char === separator && !quoted && depth === 0) {
      parts.push(current);
      current = '';
    } else current += char;
  }
  parts.push(current);
  return parts;
}

function unquote(text: string): string {
  return text.length >= 2 && text.startsWith('"') && text.endsWith('"') ? text.slice(1, -1) : text;
}

/** Coerces one parameter value: `[a,b]` lists (nested), `true`/`false`, numbers, quoted text. */
export function parseValue(text: string): ParamValue {
  const trimmed = text.trim();
  if (trimmed.startsWith('[') && trimmed.endsWith(']')) {
    const inner = trimmed.slice(1, -1);
    return inner === '' ? [] : splitOutside(inner, ',').map(parseValue);
  }
  if (trimmed.startsWith('"')) return unquote(trimmed);
  if (trimmed === 'true') return true;
  if (trimmed === 'false') return false;
  // Only text that reads back the same becomes a number: `000000` (a color) stays text.
  if (/^-?\d+(\.\d+)?$/.test(trimmed) && String(Number(trimmed)) === trimmed) {
    return Number(trimmed);
  }
  return trimmed;
}

/** Parses `key:value,key:value` (split at the first colon: values may hold colons). */
export function parseParams(name: string, text: string | undefined): Record<string, ParamValue> {
  const params: Record<string, ParamValue> = {};
  if (text === undefined || text === '') return params;
  // `cache=false` is a bare value, not a key:value pair.
  if (name === 'cache' && text === 'false') return { false: true };
  for (const pair of splitOutside(text, ',')) {
    if (pair === '') continue;
    const colon = pair.indexOf(':');
    const key = colon < 0 ? pair : pair.slice(0, colon);
    const value = colon < 0 ? 'true' : pair.slice(colon + 1);
    params[paramName(name, key)] = parseValue(value);
  }
  return params;
}

function isTaskToken(token: string): boolean {
  const match = TASK_TOKEN.exec(token);
  return match !== null && isKnownTask(match[1]!);
}

/** Reads a source: handle, URL, storage alias, workflow ref, `b64://` or a `[...]` list. */
export function parseSource(text: string): Source {
  const bare = unquote(text.trim());
  if (bare.startsWith('[') && bare.endsWith(']')) {
    return { kind: 'list', items: splitOutside(bare.slice(1, -1), ',').map(parseSource) };
  }
  if (bare.startsWith('b64://')) {
    const decoded = Buffer.from(bare.slice(6).replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    return parseSource(decoded.toString('utf8'));
  }
  if (HANDLE.test(bare)) return { kind: 'handle', handle: bare };
  if (/^https?:\/\//i.test(bare)) return { kind: 'url', url: bare };
  // Java's `%2F` encoding can arrive as `https:/host` after path normalisation; Go mixes raw.
  if (/^https?:\/[^/]/i.test(bare)) return { kind: 'url', url: bare.replace(/:\//, '://') };
  if (bare.startsWith('src://')) return { kind: 'alias', alias: bare.slice(6) };
  if (bare.startsWith('wf://')) return { kind: 'workflow', ref: bare };
  return { kind: 'invalid', text: bare };
}

function decodeB64Tasks(text: string): Task[] {
  let list: unknown;
  try {
    list = JSON.parse(
      Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8'),
    );
  } catch {
    throw new CdnUrlError('b64 task list is not base64-encoded JSON');
  }
  if (!Array.isArray(list)) throw new CdnUrlError('b64 task list is not a JSON array');
  // JS writes `name`/`params`, Go `Name`/`Params` (with null for bare tasks).
  return list.map((item) => {
    const entry = (item ?? {}) as Record<string, unknown>;
    const name = String(entry.name ?? entry.Name ?? '');
    const params = (entry.params ?? entry.Params ?? {}) as Record<string, ParamValue> | null;
    return { name, params: params ?? {} };
  });
}

/**
 * Parses the raw path of a CDN request (query string excluded), following the recipe of
 * docs/protocol.md#emulator-notes-processing: split on `/` outside quotes and brackets,
 * percent-decode each token, re-split Java's `%2F`-joined task chains, read the key, the tasks,
 * then the rest as the source.
 */
export function parseCdnPath(rawPath: string): CdnRequest {
  const path = rawPath.replace(/^\/+/, '');
  if (path === '') throw new CdnUrlError('no source given');
  // %22 and %5B/%5D count as quotes and brackets while splitting.
  const literal = path.replace(/%22/gi, '"').replace(/%5B/gi, '[').replace(/%5D/gi, ']');
  const tokens: string[] = [];
  for (const raw of splitOutside(literal, '/')) {
    const token = safeDecode(raw);
    const parts = splitOutside(token, '/');
    // Java: `resize=width:100%2Fflip` is two tasks; PHP's `%2F` inside values is not.
    if (parts.length > 1 && isTaskToken(parts[0]!) && isTaskToken(parts[1]!)) tokens.push(...parts);
    else tokens.push(token);
  }
  const request: CdnRequest = { debug: false, tasks: [] };
  let i = 0;
  const first = tokens[0]!;
  if (!isTaskToken(first) && first !== 'debug' && first !== 'b64' && !first.includes('=')) {
    if (tokens.length > 1 && !/^https?:$/i.test(first) && !first.startsWith('"')) {
      request.apikey = first;
      i = 1;
    }
  }
  for (; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token === 'debug') {
      request.debug = true;
      continue;
    }
    if (token === 'b64' && i + 1 < tokens.length) {
      request.tasks.push(...decodeB64Tasks(tokens[++i]!));
      continue;
    }
    const match = TASK_TOKEN.exec(token);
    if (match && (isKnownTask(match[1]!) || (match[2] !== undefined && i < tokens.length - 1))) {
      // An unknown `name=...` before the source is still a task: the engine names it unknown.
      const name = match[1]!;
      request.tasks.push({ name, params: parseParams(name, match[3]) });
      continue;
    }
    break;
  }
  const rest = tokens.slice(i).join('/');
  if (rest !== '') request.source = parseSource(rest);
  return request;
}
