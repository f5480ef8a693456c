import { optionalFunction, ValidationError } from '@fs/core';
import type { UploadSource } from './input.js';
import type { UploadConfig, UploadOptions } from './options.js';
import { openUploadJournal, type UploadJournal } from './resume-journal.js';
import { INPUT_IDENTITY, type InputIdentity, resumeKeyOf } from './resume-key.js';
import { checkMaxAge } from './resume-state.js';
import { RESUME_ENGINE, type ResumeOptions, type ResumeStore } from './resume-store.js';

/** What a resumable upload asks of the engine its store carries. */
export interface ResumeHook {
  /** Opens the journal of one upload: its key, lease and saved state. */
  open(
    config: UploadConfig,
    source: UploadSource,
    file: { filename: string; mimetype: string; size: number },
    partSize: number,
  ): Promise<UploadJournal>;
}

/**
 * The code that makes uploads resumable, carried by each store rather than by `upload`, so a
 * page that never resumes does not download it: checks `resume` and the options that go with
 * it (`resumeKey`, `onResumeState`) for the upload `given` describes.
 */
export type ResumeEngine = (given: UploadOptions) => ResumeHook;

function engine(given: UploadOptions, store: ResumeStore): ResumeHook {
  const option = given.resume as Partial<ResumeOptions>;
  const full = 'store' in option;
  const keepOnAbort = (full && option.keepOnAbort) ?? false;
  if (typeof keepOnAbort !== 'boolean') {
    throw new ValidationError({
      option: 'keepOnAbort',
      received: keepOnAbort,
      allowed: 'a boolean',
    });
  }
  const maxAge = checkMaxAge(full ? option.maxAge : undefined);
  const key = given.resumeKey;
  if (key !== undefined && (typeof key !== 'string' || key === '')) {
    throw new ValidationError({
      option: 'resumeKey',
      received: key,
      allowed: 'a non-empty string',
    });
  }
  optionalFunction('onResumeState', given.onResumeState);
  const resume = {
    store,
    maxAge,
    keepOnAbort,
    key,
    onState: given.onResumeState,
    security: given.security,
  };
  return {
    async open(config, source, file, partSize) {
      // What tells this input apart across runs: a path's own identity (a File from openFile),
      // else a File's name, size, date and type, else only the caller's resumeKey.
      const pathIdentity = (
        source.blob as { [INPUT_IDENTITY]?: () => Promise<InputIdentity> } | undefined
      )?.[INPUT_IDENTITY];
      const input =
        (await pathIdentity?.()) ??
        (source.name !== undefined && source.lastModified !== undefined
          ? {
              name: source.name,
              size: file.size,
              lastModified: source.lastModified,
              type: source.type ?? '',
            }
          : undefined);
      if (input === undefined && key === undefined) {
        throw new ValidationError({
          option: 'resumeKey',
          received: undefined,
          allowed:
            'a string that names this input: bytes, streams and Blobs that are not Files need one to be resumed, since nothing else tells them apart',
        });
      }
      const resumeKey = await resumeKeyOf(
        {
          input,
          resumeKey: key,
          size: file.size,
          apikey: config.apikey,
          host: config.hosts.upload,
          store: { ...config.store, filename: file.filename, mimetype: file.mimetype },
          partSize,
          intelligent: config.intelligent,
        },
        config.md5,
      );
      return openUploadJournal(resume, resumeKey, source, {
        size: file.size,
        partSize,
        intelligent: config.intelligent,
      });
    },
  };
}

/** Gives `store` the code that resumes uploads with it. */
export function withResumeEngine<S extends ResumeStore>(store: S): S {
  const resumeWith: ResumeEngine = (given) => engine(given, store);
  Object.defineProperty(store, RESUME_ENGINE, { value: resumeWith });
  return store;
}

/**
 * Makes your own store (Redis, a database, a server API) usable as `resume`: anything with
 * `get`, `set` and `remove`, synchronous or not, plus `list`, `clear` and `lease` if it has
 * them. See "Resumable uploads" in the README for what a store must do about leases.
 *
 * @example
 * const resume = customResumeStore({
 *   get: async (key) => JSON.parse((await redis.get(`upload:${key}`)) ?? 'null') ?? undefined,
 *   set: (key, state) => redis.set(`upload:${key}`, JSON.stringify(state), 'EX', 86400),
 *   remove: (key) => redis.del(`upload:${key}`),
 * });
 * await upload(file, { apikey, resume, resumeKey: file.name });
 */
export function customResumeStore<S extends ResumeStore>(store: S): S {
  const methods = ['get', 'set', 'remove'] as const;
  if (
    store === null ||
    typeof store !== 'object' ||
    methods.some((method) => typeof store[method] !== 'function')
  ) {
    throw new ValidationError({
      option: 'store',
      received: store,
      allowed: 'an object with get, set and remove functions',
    });
  }
  return withResumeEngine(store);
}
