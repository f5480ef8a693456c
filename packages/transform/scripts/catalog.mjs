// The task catalog as the code generators read it: catalog/transform-tasks.json (the catalog of
// processing tasks and their parameters) merged with catalog/decisions.json (our decisions on top
// of it). Read by this package's scripts/generate-tasks.mjs (one factory per task) and by
// @fs/client's scripts/generate-task-steps.mjs (one chain method per task), so both follow the
// same names, kinds and summaries.

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * What a task is to the SDK:
 * - `step`: a chain step, written into a processing URL; the CDN answers the processed file.
 * - `request`: the CDN answers JSON (tags, a stored file's record, a conversion job, ...), which a
 *   request function reads (`getTags`, `storeTransform`, `@fs/av`'s `videoConvert`, ...).
 * - `special`: `security`, written from a signed policy rather than added as a step.
 */
export const KINDS = ['step', 'request', 'special'];

/** Tasks that run on a list of sources (`[h1,h2]`): their JSDoc examples use one. */
export const MULTI_SOURCE = ['zip', 'animate', 'pdfcreate'];

export const camel = (name) => name.replace(/_([a-z])/g, (_, c) => c.toUpperCase());
export const pascal = (name) => camel(name).replace(/^./, (c) => c.toUpperCase());
export const kebab = (name) => name.replace(/_/g, '-');
export const quote = (text) => `'${String(text).replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
export const literal = (value) => (typeof value === 'string' ? quote(value) : String(value));

/** A value as TypeScript source, for JSDoc examples. */
export function source(value) {
  if (Array.isArray(value)) return `[${value.map(source).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).map(
      ([k, v]) => `${/^\w+$/.test(k) ? k : quote(k)}: ${source(v)}`,
    );
    return `{ ${entries.join(', ')} }`;
  }
  return literal(value);
}

/** Text made safe inside a `/** ... *\/` comment. */
export const jsdocText = (text) => text.replace(/\*\//g, '*\\/');

/** `text` as `//` comment lines of at most `width` columns, each starting with `indent`. */
export function lineComment(text, indent = '', width = 100) {
  const lines = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && indent.length + 3 + line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines.map((text) => `${indent}// ${text}`);
}

/** The catalog's parameters of `task` with the decisions' overrides, additions and removals. */
function paramsOf(task, decision) {
  const overrides = decision.params ?? {};
  const params = (task.params ?? [])
    .filter((param) => !overrides[param.name]?.remove)
    .map((param) => ({ ...param, ...overrides[param.name] }));
  for (const [name, added] of Object.entries(overrides)) {
    if (!added.remove && !params.some((param) => param.name === name))
      params.push({ name, ...added });
  }
  return params;
}

/**
 * Every catalog task, in catalog order, with its decision merged in: the catalog's fields, plus
 * `kind`, `summary`, `decision`, `example`, `handWritten`, `required` (parameter names) and
 * `params` (merged).
 *
 * @throws when a task has no summary or no valid kind in catalog/decisions.json.
 */
export function loadTasks() {
  const catalog = JSON.parse(readFileSync(join(root, 'catalog/transform-tasks.json'), 'utf8'));
  const { tasks: decisions } = JSON.parse(
    readFileSync(join(root, 'catalog/decisions.json'), 'utf8'),
  );
  return catalog.map((task) => {
    const decision = decisions[task.name];
    if (!decision?.summary)
      throw new Error(`catalog/decisions.json has no summary for ${task.name}`);
    if (!KINDS.includes(decision.kind)) {
      throw new Error(
        `catalog/decisions.json: ${task.name} needs a kind, one of ${KINDS.join(', ')} (got ${decision.kind})`,
      );
    }
    // The catalog marks the tasks whose answer is JSON: exactly the ones a request reads.
    if ((decision.kind === 'request') !== (task.returnsJson === true)) {
      throw new Error(
        `catalog/decisions.json: ${task.name} is ${decision.kind === 'request' ? '' : 'not '}a request, but the catalog says its answer is ${task.returnsJson ? '' : 'not '}JSON`,
      );
    }
    const params = paramsOf(task, decision);
    return {
      ...task,
      kind: decision.kind,
      summary: decision.summary,
      decision: decision.decision,
      example: decision.example,
      handWritten: decision.handWritten === true,
      params,
      required: [
        ...params.filter((param) => param.required).map((param) => param.name),
        ...(decision.required ?? []),
      ],
    };
  });
}
