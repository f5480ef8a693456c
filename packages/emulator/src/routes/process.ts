import type { FastifyInstance } from 'fastify';
import type { EmulatorContext } from '../context.js';
import { injectFault } from '../faults/inject-fault.js';
import { answer, ReplyError } from '../http/replies.js';
import { readFields } from '../http/request-body.js';
import { parseSource } from '../processing/cdn-url.js';
import type { Source, Task } from '../processing/task.js';
import { assertExecutable, planTasks } from '../processing/task-plan.js';
import { UNAPPLIED_HEADER } from '../processing/unapplied.js';
import { storeProcessed } from '../sources/store-processed.js';
import { storeAnswer } from './file-answers.js';

interface ProcessSource {
  source: Source;
  headers?: Record<string, string>;
}

function readSources(value: unknown): ProcessSource[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new ReplyError(400, 'invalid params: sources', undefined, {
      detail: 'sources must be a non-empty array of URLs, handles or {source, headers}',
    });
  }
  return value.map((item) => {
    if (typeof item === 'string') return { source: parseSource(item) };
    if (
      item &&
      typeof item === 'object' &&
      typeof (item as { source?: unknown }).source === 'string'
    ) {
      const { source, headers } = item as { source: string; headers?: Record<string, string> };
      return { source: parseSource(source), headers };
    }
    throw new ReplyError(400, 'invalid params: sources');
  });
}

function readTasks(value: unknown): Task[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new ReplyError(400, 'invalid params: tasks');
  return value.map((item) => {
    const entry = (item ?? {}) as { name?: unknown; params?: unknown };
    if (typeof entry.name !== 'string') throw new ReplyError(400, 'invalid params: tasks');
    const params =
      entry.params && typeof entry.params === 'object' ? (entry.params as Task['params']) : {};
    return { name: entry.name, params };
  });
}

/**
 * `POST /process`: store from URL (docs/protocol.md#store-from-a-url), on the process and CDN hosts
 * alike.
 */
export function registerProcess(app: FastifyInstance, ctx: EmulatorContext): void {
  app.post('/process', (request, reply) =>
    answer(reply, 'json', async () => {
      const record = ctx.log.track(request, 'process');
      const fields = await readFields(
        request.body as NodeJS.ReadableStream | undefined,
        request.headers['content-type'],
      );
      if (await injectFault(ctx.faults, request, reply, record, 'json')) return reply;
      // Go spells it `apiKey`.
      const apikey = fields.apikey ?? fields.apiKey;
      ctx.access.requireApikey(typeof apikey === 'string' ? apikey : undefined);
      const sources = readSources(fields.sources);
      const plan = planTasks(readTasks(fields.tasks));
      const store = plan.store ?? {};
      const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
      ctx.access.require('process', plan.policy, plan.signature, {
        calls: plan.processing.length > 0 ? ['convert', 'store'] : ['store'],
        urls: sources.flatMap((s) => (s.source.kind === 'url' ? [s.source.url] : [])),
        // A policy naming a handle allows a list only when every handle in it is that one.
        handle: sources.flatMap((s) => (s.source.kind === 'handle' ? [s.source.handle] : [])),
        store: { path: text(store.path), container: text(store.container) },
      });
      assertExecutable(plan);
      const allowUrl = ctx.access.urlCheck('process', plan.policy, plan.signature);
      const tags = fields.upload_tags;
      const uploadTags =
        tags && typeof tags === 'object' && !Array.isArray(tags)
          ? Object.fromEntries(Object.entries(tags).map(([k, v]) => [k, String(v)]))
          : undefined;
      const stored = [];
      const unapplied: string[] = [];
      for (const { source, headers } of sources) {
        const result = await storeProcessed(ctx.files, source, plan.processing, store, {
          separator: '_',
          uploadTags,
          fetching: { limits: ctx.fetchLimits, headers, allowUrl },
          checkSize: (size) =>
            ctx.access.require('process', plan.policy, plan.signature, { calls: ['store'], size }),
        });
        record.size = result.file.size;
        ctx.events.upload(result.file, 'URL');
        unapplied.push(...result.unapplied);
        stored.push(storeAnswer(ctx.origin, result.file, result.dimensions));
      }
      if (unapplied.length > 0) reply.header(UNAPPLIED_HEADER, [...new Set(unapplied)].join(', '));
      return stored.length === 1 ? stored[0] : stored;
    }),
  );
}
