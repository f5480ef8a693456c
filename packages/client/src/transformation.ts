import { ValidationError } from '@fs/core';
import {
  type StoreParams,
  storeTransform,
  type Task,
  type TransformSource,
  type VideoConvertParams,
} from '@fs/transform';
import { type AudioVisual, startConversion } from './audio-visual.js';
import { type Filelink, makeFilelink } from './filelink.js';
import {
  type CallOptions,
  type ConnectionOptions,
  createSettings,
  requestOptions,
  type Settings,
} from './settings.js';
import { bindChain, chainState, TaskChain } from './task-chain.js';

/** Options of `new Transformation(source, options)`. */
export interface TransformationOptions extends ConnectionOptions {
  /** Your API key: needed for external URLs, storage aliases and `zip`. */
  apikey?: string;
}

/** Settings and tasks handed from the object a Transformation is derived from. */
let inherited: { settings: Settings; tasks: readonly Task[] } | undefined;

/** A Transformation on `source` that shares `settings` (its client's or filelink's). */
export function makeTransformation(
  source: TransformSource,
  settings: Settings,
  tasks: readonly Task[],
): Transformation {
  inherited = { settings, tasks };
  try {
    return new Transformation(source);
  } finally {
    inherited = undefined;
  }
}

/**
 * A processing chain on a handle, an external URL or a list of sources. Immutable: every task
 * method returns a new Transformation and leaves this one unchanged (the Python SDK appends to
 * the same object, so two chains from one base step on each other; these never do).
 *
 * Made by `filelink.resize(...)`, `client.transformExternal(url)` or directly; it inherits the
 * API key, policy and hosts of what made it.
 *
 * @example
 * const base = client.transformExternal('https://example.com/a.jpg').resize({ width: 500 });
 * const flipped = base.flip(); // base is still only resized
 * console.log(flipped.url);
 * const stored = await flipped.store({ path: 'thumbs/' });
 */
export class Transformation extends TaskChain {
  /**
   * @param source a handle, an `http(s)://` URL, a `src://alias/path`, or a list of these.
   * @throws ValidationError for a bad source, API key, host or policy (an external URL needs
   *   `apikey`).
   */
  constructor(source: TransformSource, options: TransformationOptions = {}) {
    super();
    const from = inherited;
    inherited = undefined;
    bindChain(this, {
      source: Array.isArray(source) ? Object.freeze([...source]) : source,
      tasks: Object.freeze([...(from?.tasks ?? [])]),
      settings: from?.settings ?? createSettings(options.apikey, options),
    });
    // Writing the URL once checks the source and the key now, not at the first request.
    this.toString();
  }

  /** What the chain runs on. */
  get source(): TransformSource {
    return chainState(this).source;
  }

  /** The tasks, in order (repeats kept). */
  get tasks(): readonly Task[] {
    return chainState(this).tasks;
  }

  protected append(task: Task): Transformation {
    const { source, tasks, settings } = chainState(this);
    return makeTransformation(source, settings, [...tasks, task]);
  }

  /**
   * Runs the chain and stores the result as a new file (a POST of the URL with a `store` task,
   * as the Python SDK sends it; never retried, since each request stores a file). The new
   * Filelink inherits this chain's API key, policy and hosts; `uploadResponse` is the answer.
   *
   * @example
   * const thumb = await filelink.resize({ width: 200 }).store({ path: 'thumbs/', access: 'public' });
   */
  async store(params?: StoreParams, options?: CallOptions): Promise<Filelink> {
    const { source, tasks, settings } = chainState(this);
    const file = await storeTransform(source, tasks, {
      ...requestOptions(settings, options),
      store: params,
    });
    return makeFilelink(file.handle, settings, file);
  }

  /**
   * Starts converting the source to video or audio and resolves with the job (see
   * `Filelink.avConvert`). `@fs/av` converts a source, not a chain: on a Transformation with
   * tasks (or of several sources) this rejects with a ValidationError.
   *
   * @example
   * const av = await client.transformExternal('https://example.com/clip.mov').avConvert({ preset: 'h264' });
   */
  async avConvert(params?: VideoConvertParams, options?: CallOptions): Promise<AudioVisual> {
    const { source, tasks, settings } = chainState(this);
    if (tasks.length > 0 || typeof source !== 'string') {
      throw new ValidationError({
        option: 'avConvert',
        received: this.url,
        allowed: 'one source, without tasks',
      });
    }
    return startConversion(settings, source, params, options);
  }
}
