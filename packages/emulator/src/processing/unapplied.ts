import { randomUUID } from 'node:crypto';
import type { Task } from './task.js';

/** The response header listing the tasks the emulator did not carry out. */
export const UNAPPLIED_HEADER = 'X-Fs-Emulator-Unapplied';

/**
 * Tasks that answer JSON which only the real service can compute (machine learning, document
 * engines, workflows). The emulator answers these fixed bodies instead, always with the task
 * named in {@link UNAPPLIED_HEADER}. Listed in the README.
 */
const FIXED_JSON: Record<string, (task: Task, handle: string | undefined) => unknown> = {
  tags: () => ({ tags: { auto: {}, user: null } }),
  sfw: () => ({ sfw: true }),
  ocr: () => ({ text: '' }),
  caption: () => ({ caption: '' }),
  image_sentiment: () => ({ emotions: {} }),
  text_sentiment: () => ({ emotions: {} }),
  copyright: () => ({ copyright: null }),
  run_workflow: (task, handle) => workflowJob(task, handle, 'Started'),
  workflow_status: (task, handle) => workflowJob(task, handle, 'Finished'),
};

function workflowJob(task: Task, handle: string | undefined, status: string) {
  const now = new Date().toISOString();
  return {
    workflow: String(task.params.id ?? ''),
    jobid: String(task.params.job_id ?? randomUUID()),
    sources: handle ? [handle] : [],
    status,
    results: {},
    createdAt: now,
    updatedAt: now,
  };
}

/** Tasks that answer JSON only with a flag: `detect_faces=export:true`, `doc_detection=coords:true`. */
function flaggedJson(task: Task): unknown {
  if (task.name === 'detect_faces' && task.params.export === true) return [];
  if (task.name === 'doc_detection' && task.params.coords === true) return { coords: null };
  return undefined;
}

/** The fixed JSON of a task the emulator cannot compute, or undefined when it answers a file. */
export function fixedJson(task: Task, handle: string | undefined): unknown {
  const fixed = Object.hasOwn(FIXED_JSON, task.name) ? FIXED_JSON[task.name] : undefined;
  return fixed ? fixed(task, handle) : flaggedJson(task);
}

/** JSON tasks the emulator computes for real. */
export const REAL_JSON_TASKS = new Set(['imagesize', 'pdfinfo']);

/** Whether a task answers JSON (it must then end the chain). */
export function answersJson(task: Task): boolean {
  return REAL_JSON_TASKS.has(task.name) || fixedJson(task, undefined) !== undefined;
}
