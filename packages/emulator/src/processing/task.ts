/** A parameter value as written in a URL, coerced: numbers, booleans, nested lists. */
export type ParamValue = string | number | boolean | ParamValue[];

/** One processing task of a CDN URL or a `/process` body. */
export interface Task {
  name: string;
  params: Record<string, ParamValue>;
}

/** What a task chain works on: a stored file, an external URL, a list of them, ... */
export type Source =
  | { kind: 'handle'; handle: string }
  | { kind: 'url'; url: string }
  | { kind: 'alias'; alias: string }
  | { kind: 'workflow'; ref: string }
  | { kind: 'list'; items: Source[] }
  | { kind: 'invalid'; text: string };
