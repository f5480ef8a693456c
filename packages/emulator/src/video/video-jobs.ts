import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { PublicOrigin } from '../http/public-origin.js';
import { newHandle } from '../ids.js';
import type { Source, Task } from '../processing/task.js';
import type { FetchRules } from '../sources/fetch-source.js';
import { type LocalSource, localSource } from '../sources/local-source.js';
import { storeOpened } from '../sources/store-source.js';
import type { FileRecord, FileStore } from '../store/file-store.js';
import { DEFAULT_CONTAINER, storageKey } from '../store/storage-key.js';
import { findFfmpeg, type MediaInfo, probeMedia, runFfmpeg } from './ffmpeg.js';
import { ffmpegPlan, presetOf, type VideoPreset } from './video-presets.js';

/** Options of `video_convert` jobs. */
export interface VideoOptions {
  /**
   * Milliseconds a new job answers `pending`.
   * @default 50
   */
  pendingMs?: number;
  /**
   * Milliseconds a job answers `started`, at least: a real conversion that takes longer keeps
   * it `started` until it is done.
   * @default 100
   */
  startedMs?: number;
  /**
   * The ffmpeg to convert with: a path, or `false` to always answer a copy of the source.
   * @default `ffmpeg` on the PATH, if there is one
   */
  ffmpeg?: string | false;
  /**
   * Hold each job in `pending` until a status request after the one that created it has been
   * answered `pending`, and in `started` until one request has been answered `started` (after
   * `pendingMs` and `startedMs` have passed). Tests that check the sequence of statuses then
   * see every one however late a loaded machine runs their polls. The service moves on by its
   * own clock, whether or not anyone asks.
   * @default false
   */
  holdUntilPolled?: boolean;
}

/** What the jobs work with. */
export interface VideoJobsDeps {
  files: FileStore;
  origin: PublicOrigin;
  /** Called with the final answer of a job that completed or failed. */
  onSettled(answer: Record<string, unknown>): void;
}

/** The statuses of a conversion job (docs/protocol.md#job-answers). */
export type VideoJobStatus = 'pending' | 'started' | 'completed' | 'failed';

/** One conversion: what a GET of its URL answers, as it moves on. */
export interface VideoJob {
  /** 32 lower-case hex characters (docs/protocol.md#identifiers). */
  uuid: string;
  /** Unix seconds of creation, as a string (docs/protocol.md#job-answers). */
  timestamp: string;
  status: VideoJobStatus;
  message?: string;
  data: Record<string, unknown>;
  metadata: { result: Record<string, unknown>; source: Record<string, unknown> };
  /**
   * What the emulator does not reproduce: `['video_convert']` when the output is a copy of the
   * source (no ffmpeg), otherwise the parameters ffmpeg is not asked to apply.
   */
  unapplied: string[];
  /** Why, when the output is a copy. */
  note?: string;
}

export const DEFAULT_PENDING_MS = 50;
export const DEFAULT_STARTED_MS = 100;

const NO_FFMPEG = 'ffmpeg is not on the PATH: the output is a copy of the source';

/** A conversion's output on disk, before it is stored. */
interface Encoded {
  path: string;
  mimetype: string;
  /** The output's extension; undefined for a copy of the source (its name is kept). */
  extension?: string;
  cleanup(): Promise<void>;
}

/** The stored output of a conversion, and what is known about it. */
interface Output {
  file: FileRecord;
  /** The URL answered in `data.url`: the file, or its `/video_playlist/` for HLS. */
  url: string;
  result: MediaInfo;
  source: MediaInfo & { file_size: number };
}

/**
 * `video_convert` jobs (docs/protocol.md#audio-and-video-conversion). The first GET of a conversion
 * URL creates a job and every GET of the same URL (same source and parameters, whatever the policy)
 * answers its current state: `pending` for `pendingMs`, then `started` for at least `startedMs` and
 * until the conversion is done, then `completed` with `data.url` of a new file, or `failed` with a
 * message. Reaching either end sends an `fp.video_converse` webhook.
 */
export class VideoJobs {
  private readonly jobs = new Map<string, VideoJob>();
  private readonly closing = new AbortController();
  /** Jobs and conversions under way, awaited by `close()` so nothing writes after it. */
  private readonly running = new Set<Promise<unknown>>();
  private readonly pendingMs: number;
  private readonly startedMs: number;
  /** How many answers each job has given in each status, and who waits for the next one. */
  private readonly answers = new Map<
    VideoJob,
    { count: Map<VideoJobStatus, number>; wake(): void }
  >();
  private ffmpeg: Promise<string | undefined> | undefined;

  constructor(
    private readonly deps: VideoJobsDeps,
    private readonly options: VideoOptions = {},
  ) {
    for (const name of ['pendingMs', 'startedMs'] as const) {
      const value = options[name];
      if (value !== undefined && (!Number.isFinite(value) || value < 0)) {
        throw new TypeError(`video.${name}: got ${String(value)}; expected milliseconds >= 0`);
      }
    }
    const { ffmpeg } = options;
    if (ffmpeg !== undefined && ffmpeg !== false && (typeof ffmpeg !== 'string' || ffmpeg === '')) {
      throw new TypeError('video.ffmpeg: expected a path to ffmpeg, or false');
    }
    this.pendingMs = options.pendingMs ?? DEFAULT_PENDING_MS;
    this.startedMs = options.startedMs ?? DEFAULT_STARTED_MS;
  }

  /** The ffmpeg to use, looked up once. */
  private binary(): Promise<string | undefined> {
    const { ffmpeg } = this.options;
    this.ffmpeg ??=
      ffmpeg === false
        ? Promise.resolve(undefined)
        : ffmpeg
          ? Promise.resolve(ffmpeg)
          : findFfmpeg();
    return this.ffmpeg;
  }

  /** The job of a conversion, created on first sight; a URL source is fetched by `fetching`. */
  async open(source: Source, task: Task, fetching: FetchRules): Promise<VideoJob> {
    const params = Object.fromEntries(
      Object.entries(task.params).sort(([a], [b]) => a.localeCompare(b)),
    );
    const key = JSON.stringify([source, params]);
    const known = this.jobs.get(key);
    if (known) return known;
    const binary = await this.binary();
    // Another request for the same URL may have created it while ffmpeg was looked up.
    const raced = this.jobs.get(key);
    if (raced) return raced;
    const plan = ffmpegPlan(task.params);
    const job: VideoJob = {
      uuid: randomBytes(16).toString('hex'),
      timestamp: String(Math.floor(Date.now() / 1000)),
      status: 'pending',
      data: {},
      metadata: { result: {}, source: {} },
      unapplied: binary ? plan.unapplied : ['video_convert'],
    };
    if (!binary) job.note = NO_FFMPEG;
    this.jobs.set(key, job);
    if (this.options.holdUntilPolled) this.answers.set(job, { count: new Map(), wake: () => {} });
    this.track(this.run(job, source, task, binary, fetching));
    return job;
  }

  /** What a GET answers for `job` right now. */
  answer(job: VideoJob): Record<string, unknown> {
    const answers = this.answers.get(job);
    if (answers) {
      answers.count.set(job.status, (answers.count.get(job.status) ?? 0) + 1);
      answers.wake();
    }
    const body: Record<string, unknown> = {
      uuid: job.uuid,
      timestamp: job.timestamp,
      status: job.status,
    };
    if (job.message !== undefined) body.message = job.message;
    body.data = job.data;
    body.metadata = job.metadata;
    if (job.unapplied.length > 0) {
      body.emulator = { unapplied: job.unapplied, ...(job.note ? { note: job.note } : {}) };
    }
    return body;
  }

  /** Stops every job where it is (timers and ffmpeg processes) and waits for them. */
  async close(): Promise<void> {
    this.closing.abort();
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  /** With `holdUntilPolled`, waits until `job` has answered its current status `times` times. */
  private async answered(job: VideoJob, times: number, signal: AbortSignal): Promise<void> {
    const answers = this.answers.get(job);
    if (!answers) return;
    while ((answers.count.get(job.status) ?? 0) < times) {
      signal.throwIfAborted();
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        signal.addEventListener('abort', stop, { once: true });
        answers.wake = () => {
          signal.removeEventListener('abort', stop);
          resolve();
        };
      });
    }
  }

  private track(work: Promise<unknown>): void {
    const tracked = work.finally(() => this.running.delete(tracked));
    // Failures are read where the work is awaited; this copy only marks it as under way.
    tracked.catch(() => {});
    this.running.add(tracked);
  }

  private async run(
    job: VideoJob,
    source: Source,
    task: Task,
    binary: string | undefined,
    fetching: FetchRules,
  ) {
    const { signal } = this.closing;
    const work = this.convert(source, task, binary, fetching, signal);
    // Failures are read below, once the job has been `started` for long enough.
    this.track(work);
    try {
      await delay(this.pendingMs, undefined, { signal });
      // The answer to the request that created the job is the first `pending`.
      await this.answered(job, 2, signal);
      job.status = 'started';
      await delay(this.startedMs, undefined, { signal });
      await this.answered(job, 1, signal);
      const output = await work;
      job.status = 'completed';
      job.message = 'Done';
      job.data = { url: output.url };
      job.metadata = {
        result: {
          ...output.result,
          mime_type: output.file.mimetype,
          extname: `.${output.file.filename.split('.').pop()}`,
          file_size: output.file.size,
          encoding_progress: 100,
        },
        source: output.source,
      };
    } catch (error) {
      if (signal.aborted) return;
      job.status = 'failed';
      job.message = error instanceof Error ? error.message : 'video_convert: conversion failed';
    }
    this.deps.onSettled(this.answer(job));
  }

  private async convert(
    source: Source,
    task: Task,
    binary: string | undefined,
    fetching: FetchRules,
    signal: AbortSignal,
  ): Promise<Output> {
    let input: LocalSource;
    try {
      input = await localSource(this.deps.files, source, fetching);
    } catch (error) {
      throw new Error(`video_convert: ${(error as Error).message}`);
    }
    try {
      if (!/^(video|audio)\//.test(input.mimetype)) {
        throw new Error(`video_convert: the file is not audio or video (${input.mimetype})`);
      }
      const preset = presetOf(task.params);
      const sourceInfo = binary ? await probeMedia(binary, input.path, signal) : {};
      const made: Encoded = binary
        ? await this.encode(binary, input, task, preset, signal)
        : { path: input.path, mimetype: input.mimetype, cleanup: async () => {} };
      try {
        const file = await this.store(input, made, task);
        const result = binary
          ? await probeMedia(binary, this.deps.files.bytesPath(file), signal)
          : {};
        return {
          file,
          // Without ffmpeg there is no playlist, but the answer keeps the HLS URL shape.
          url: preset.hls
            ? `${this.deps.origin.href}/video_playlist/${file.handle}`
            : this.deps.origin.fileUrl(file.handle),
          result,
          source: { ...sourceInfo, file_size: input.size },
        };
      } finally {
        await made.cleanup();
      }
    } finally {
      await input.cleanup();
    }
  }

  /**
   * Converts with ffmpeg into a temp file. HLS is written as one segment file plus a playlist
   * (`-hls_flags single_file`); the segments are stored as a file of their own and the playlist
   * is rewritten to point at their CDN URL, so the playlist plays when fetched from the emulator.
   */
  private async encode(
    binary: string,
    input: LocalSource,
    task: Task,
    preset: VideoPreset,
    signal: AbortSignal,
  ): Promise<Encoded> {
    const plan = ffmpegPlan(task.params);
    const target = this.deps.files.tempPath();
    const cleanup = () => rm(target, { force: true, recursive: true });
    const base = [...plan.input, '-i', input.path, ...plan.output];
    const made = { mimetype: preset.mimetype, extension: preset.extension, cleanup };
    try {
      if (!preset.hls) {
        await runFfmpeg(binary, [...base, '-f', preset.format, '-y', target], signal);
        return { ...made, path: target };
      }
      await mkdir(target);
      const playlist = join(target, 'playlist.m3u8');
      const hls = ['-f', 'hls', '-hls_time', '6', '-hls_playlist_type', 'vod'];
      await runFfmpeg(
        binary,
        [...base, ...hls, '-hls_flags', 'single_file', '-y', playlist],
        signal,
      );
      const handle = newHandle();
      const segments = await this.deps.files.create(
        handle,
        createReadStream(join(target, 'playlist.ts')),
        {
          filename: 'playlist.ts',
          mimetype: 'video/mp2t',
          key: storageKey(handle, 'playlist.ts', undefined, '-'),
          container: DEFAULT_CONTAINER,
          location: 's3',
        },
      );
      const text = await readFile(playlist, 'utf8');
      await writeFile(
        playlist,
        text.replace(/^playlist\.ts$/gm, this.deps.origin.fileUrl(segments.handle)),
      );
      return { ...made, path: playlist };
    } catch (error) {
      await cleanup();
      if (signal.aborted) throw error;
      throw new Error(`video_convert: ${(error as Error).message}`);
    }
  }

  /** Stores the output under a new handle, with the task's store parameters. */
  private async store(input: LocalSource, made: Encoded, task: Task): Promise<FileRecord> {
    const { params } = task;
    const { path, mimetype } = made;
    const ext =
      typeof params.extname === 'string' ? params.extname.replace(/^\./, '') : made.extension;
    const stem = input.filename.replace(/\.[^.]*$/, '') || 'file';
    const filename =
      typeof params.filename === 'string'
        ? params.filename
        : ext === undefined
          ? input.filename
          : `${stem}.${ext}`;
    return storeOpened(
      this.deps.files,
      { body: createReadStream(path), filename, mimetype },
      {
        filename,
        mimetype,
        location: params.location,
        path: params.path,
        container: params.container,
        access: params.access,
      },
      { separator: '-' },
    );
  }
}
