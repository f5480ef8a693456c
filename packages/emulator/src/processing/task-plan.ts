import { ReplyError } from '../http/replies.js';
import type { Call } from '../security/policy.js';
import type { ParamValue, Task } from './task.js';
import { checkTask, isKnownTask } from './task-params.js';

/** What a task chain asks for, sorted by what the emulator does with it. */
export interface TaskPlan {
  policy?: string;
  signature?: string;
  /** Merged params of the `store` tasks (JS sends a second one for workflows). */
  store?: Record<string, ParamValue>;
  /** The `metadata` task (Go's CDN form of the metadata call). */
  metadata?: Record<string, ParamValue>;
  /** Tasks that transform the file or answer JSON about it, checked, in chain order. */
  processing: Task[];
}

/** Tasks that only change how the answer is cached: accepted and ignored. */
const CACHE_ONLY = new Set(['cache']);

/**
 * Tasks that answer something other than a processed file: `video_convert` a conversion job,
 * `video_playlist` an HLS playlist. Each runs only alone on a CDN URL.
 */
const VIDEO = new Set(['video_convert', 'video_playlist']);

/**
 * Checks every task against the catalog (a 400 naming the task or parameter otherwise) and
 * sorts the chain.
 */
export function planTasks(tasks: readonly Task[]): TaskPlan {
  const plan: TaskPlan = { processing: [] };
  for (const given of tasks) {
    if (!isKnownTask(given.name)) throw new ReplyError(400, `unknown task: ${given.name}`);
    if (given.name === 'security') {
      // Read as sent (long or one-letter keys, any order): the policy is checked, not parsed.
      const policy = given.params.policy ?? given.params.p;
      const signature = given.params.signature ?? given.params.s;
      if (policy !== undefined) plan.policy = String(policy);
      if (signature !== undefined) plan.signature = String(signature);
      continue;
    }
    const task = checkTask(given);
    if (task.name === 'store') {
      plan.store = { ...plan.store, ...task.params };
    } else if (task.name === 'metadata') {
      plan.metadata = task.params;
    } else if (!CACHE_ONLY.has(task.name)) {
      plan.processing.push(task);
    }
  }
  return plan;
}

/** The one task of a plan that is a conversion job or a playlist, when that is all it asks. */
export function videoTask(plan: TaskPlan): Task | undefined {
  const [only, ...others] = plan.processing;
  if (!only || others.length > 0 || plan.store || plan.metadata) return undefined;
  return VIDEO.has(only.name) ? only : undefined;
}

/**
 * The `zip` task of a plan (docs/protocol.md#zip-archives): it archives the sources as they are, so
 * it runs without other processing tasks (`security`, `cache` and a trailing `store` are fine).
 */
export function zipTask(plan: TaskPlan): Task | undefined {
  const zip = plan.processing.find((task) => task.name === 'zip');
  if (!zip) return undefined;
  const other = plan.processing.find((task) => task.name !== 'zip')?.name;
  if (other !== undefined || plan.metadata) {
    throw new ReplyError(
      400,
      `zip archives the sources as they are: ${other ?? 'metadata'} cannot be combined with it`,
    );
  }
  return zip;
}

/**
 * The `preview` task of a plan: the document viewer shows a stored file as it is, so it runs
 * alone (`security` and `cache` are fine).
 */
export function previewTask(plan: TaskPlan): Task | undefined {
  const preview = plan.processing.find((task) => task.name === 'preview');
  if (!preview) return undefined;
  const other =
    plan.processing.find((task) => task.name !== 'preview')?.name ??
    (plan.store ? 'store' : plan.metadata ? 'metadata' : undefined);
  if (other !== undefined) {
    throw new ReplyError(
      400,
      `preview shows a stored file as it is: ${other} cannot be combined with it`,
    );
  }
  return preview;
}

/**
 * Tasks the service runs only for a request that carries a policy and signature, even for an
 * app without security enabled (docs/protocol.md#tags-sfw-and-ocr: "security required").
 */
const SECURITY_REQUIRED = new Set(['tags', 'sfw']);

/** The first task of a plan that needs a policy and signature whatever the app, if any. */
export function securityRequiredBy(plan: TaskPlan): string | undefined {
  return plan.processing.find((task) => SECURITY_REQUIRED.has(task.name))?.name;
}

/** The policy calls a plan needs (docs/protocol.md#calls-per-operation). */
export function callsFor(plan: TaskPlan): Call[] {
  const calls: Call[] = [];
  // Fetching a playlist is a read; making one (video_convert) is a conversion.
  if (videoTask(plan)?.name === 'video_playlist') return ['read'];
  // The viewer shows the file; it changes nothing.
  if (plan.processing.length === 1 && plan.processing[0]!.name === 'preview') return ['read'];
  if (plan.processing.length > 0) calls.push('convert');
  if (plan.store) calls.push('store');
  if (plan.metadata) calls.push('stat');
  if (calls.length === 0) calls.push('read');
  return calls;
}

/** Tasks that only a CDN URL runs (see {@link videoTask}, {@link zipTask}, {@link previewTask}). */
const CDN_ONLY = new Set([...VIDEO, 'zip', 'preview']);

/**
 * Refuses a video task among other tasks, or a video, zip or preview task in `/process`, naming
 * the first one: those run only on a CDN URL.
 */
export function assertExecutable(plan: TaskPlan): void {
  const first = plan.processing.find((task) => CDN_ONLY.has(task.name));
  if (first) throw new ReplyError(400, `unsupported task: ${first.name}`);
}
