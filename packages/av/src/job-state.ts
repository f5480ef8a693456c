import { FilestackError } from '@fs/core';
import { ConversionError, type ConversionStatus } from './conversion-error.js';

/** The converted file, from a `completed` job. */
export interface ConversionResult {
  /** The new file's handle: the last path segment of `url` (docs/protocol.md#job-answers). */
  handle: string;
  /** Where the output is: its CDN URL, or `.../video_playlist/<handle>` for HLS presets. */
  url: string;
  /** A thumbnail's URL, when the service made one. */
  thumb?: string;
  /**
   * What the service measured: `result` (duration in ms, width, height, codecs, `mime_type`,
   * `extname`, `file_size`) and `source` (duration, width, height of the input).
   */
  metadata: { result: Record<string, unknown>; source: Record<string, unknown> };
  /** The service's answer, untouched. */
  raw: Record<string, unknown>;
}

/** A job answer, checked: its status and the body it came in. */
export interface JobState {
  uuid: string;
  timestamp: string;
  status: ConversionStatus;
  body: Record<string, unknown>;
}

const STATUSES: readonly string[] = ['pending', 'started', 'completed', 'failed'];

const protocol = (what: string) =>
  new FilestackError(`The conversion answer ${what}`, { code: 'PROTOCOL' });

const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};

/**
 * Reads a job answer (docs/protocol.md#job-answers). Anything without a `uuid` or with a status
 * other than the four documented ones is a protocol error, never taken for "still running".
 */
export function readJob(body: unknown): JobState {
  const job = record(body);
  const { uuid, status, timestamp } = job;
  if (typeof uuid !== 'string' || uuid === '') throw protocol('has no uuid');
  if (typeof status !== 'string' || !STATUSES.includes(status)) {
    throw protocol(`has an unknown status: ${JSON.stringify(status)}`);
  }
  return {
    uuid,
    // A string on the wire; a number is tolerated and written as the service would.
    timestamp: timestamp === undefined ? '' : String(timestamp),
    status: status as ConversionStatus,
    body: job,
  };
}

/** The result of a completed job; a ConversionError for any other status. */
export function toResult(state: JobState): ConversionResult {
  const { uuid, status, body } = state;
  if (status !== 'completed') {
    throw new ConversionError(
      uuid,
      status,
      typeof body.message === 'string' ? body.message : undefined,
    );
  }
  const data = record(body.data);
  const url = typeof data.url === 'string' ? data.url : '';
  const handle = url.split(/[?#]/)[0]!.split('/').pop();
  if (!handle) throw protocol('is completed without data.url');
  const metadata = record(body.metadata);
  const result: ConversionResult = {
    handle,
    url,
    metadata: { result: record(metadata.result), source: record(metadata.source) },
    raw: body,
  };
  if (typeof data.thumb === 'string') result.thumb = data.thumb;
  return result;
}
