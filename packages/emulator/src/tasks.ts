import { type ParamValue, TASK_NAMES, type Task } from './cdn-url.js';
import { ReplyError } from './replies.js';
import type { Call } from './security.js';

/**
 * What a task chain asks for, sorted by what the emulator does with it. Processing tasks
 * (resize, video_convert, ...) arrive with issues 5 and 6; until then they are refused here.
 */
export interface TaskPlan {
  policy?: string;
  signature?: string;
  /** Merged params of the `store` tasks (JS sends a second one for workflows). */
  store?: Record<string, ParamValue>;
  /** The `metadata` task (Go's CDN form of the metadata call). */
  metadata?: Record<string, ParamValue>;
  /** Tasks that transform the file. */
  processing: Task[];
}

/** Tasks that only change how the answer is cached: accepted and ignored. */
const CACHE_ONLY = new Set(['cache']);

/** Sorts a task chain; unknown task names are a 400 naming the task. */
export function planTasks(tasks: readonly Task[]): TaskPlan {
  const plan: TaskPlan = { processing: [] };
  for (const task of tasks) {
    if (!TASK_NAMES.has(task.name)) throw new ReplyError(400, `unknown task: ${task.name}`);
    if (task.name === 'security') {
      const { policy, signature } = task.params;
      if (policy !== undefined) plan.policy = String(policy);
      if (signature !== undefined) plan.signature = String(signature);
    } else if (task.name === 'store') {
      plan.store = { ...plan.store, ...task.params };
    } else if (task.name === 'metadata') {
      plan.metadata = task.params;
    } else if (!CACHE_ONLY.has(task.name)) {
      plan.processing.push(task);
    }
  }
  return plan;
}

/** The policy calls a plan needs (spec 7.4). */
export function callsFor(plan: TaskPlan): Call[] {
  const calls: Call[] = [];
  if (plan.processing.length > 0) calls.push('convert');
  if (plan.store) calls.push('store');
  if (plan.metadata) calls.push('stat');
  if (calls.length === 0) calls.push('read');
  return calls;
}

/** Refuses the processing tasks the emulator cannot run yet, naming the first one. */
export function assertExecutable(plan: TaskPlan): void {
  const first = plan.processing[0];
  if (first) throw new ReplyError(400, `unsupported task: ${first.name}`);
}
