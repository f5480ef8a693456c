import type { FastifyInstance } from 'fastify';
import type { EmulatorContext } from '../context.js';
import { checkFaultRule } from '../faults/fault-rule.js';
import { readText } from '../http/request-body.js';

/** The reserved prefix of the control routes; requests under it are never counted. */
export const CONTROL_PREFIX = '/__emulator';

/**
 * Control routes for tests in other processes (browsers, other languages): the same
 * operations as `emu.faults`, `emu.stats()` and `emu.reset()`.
 */
export function registerControl(
  app: FastifyInstance,
  ctx: EmulatorContext,
  reset: () => void,
): void {
  app.get(`${CONTROL_PREFIX}/stats`, async () => ctx.log.snapshot());
  app.get(`${CONTROL_PREFIX}/faults`, async () => ctx.faults.list());
  app.post(`${CONTROL_PREFIX}/faults`, async (request, reply) => {
    const body = request.body as NodeJS.ReadableStream | undefined;
    let rules: unknown;
    try {
      rules = JSON.parse(body ? await readText(body) : '');
    } catch {
      return reply.code(400).send({ error: 'the body must be a FaultRule JSON object or array' });
    }
    try {
      const list = (Array.isArray(rules) ? rules : [rules]).map(checkFaultRule);
      for (const rule of list) ctx.faults.add(rule);
      return reply.code(201).send({ faults: ctx.faults.list() });
    } catch (error) {
      return reply.code(400).send({ error: (error as Error).message });
    }
  });
  app.delete(`${CONTROL_PREFIX}/faults`, async (_request, reply) => {
    ctx.faults.clear();
    return reply.code(204).send();
  });
  registerWebhookControl(app, ctx);
  app.post(`${CONTROL_PREFIX}/reset`, async (_request, reply) => {
    reset();
    return reply.code(204).send();
  });
}

/** The endpoints and the delivery log, as `GET /__emulator/webhooks` answers them. */
function webhookState(ctx: EmulatorContext) {
  return { endpoints: ctx.webhooks.endpoints(), deliveries: ctx.webhooks.deliveries() };
}

/** `{ "url": ... }` or `{ "urls": [...] }` from a control request body. */
async function readUrls(body: NodeJS.ReadableStream | undefined): Promise<string[]> {
  const text = body ? await readText(body) : '';
  if (text.trim() === '') return [];
  const parsed = JSON.parse(text) as { url?: unknown; urls?: unknown };
  const urls = parsed.urls ?? (parsed.url === undefined ? [] : [parsed.url]);
  if (!Array.isArray(urls)) throw new TypeError('urls: expected an array of URLs');
  return urls as string[];
}

/**
 * Webhook endpoints at run time, and what was delivered (the secret is never answered):
 * `GET` lists `{ endpoints, deliveries }`, `POST {"url"}` or `{"urls"}` adds, `DELETE` with
 * `?url=` or such a body removes those, or every endpoint when none is named.
 */
function registerWebhookControl(app: FastifyInstance, ctx: EmulatorContext): void {
  const path = `${CONTROL_PREFIX}/webhooks`;
  app.get(path, async () => webhookState(ctx));
  app.post(path, async (request, reply) => {
    try {
      const urls = await readUrls(request.body as NodeJS.ReadableStream | undefined);
      if (urls.length === 0) throw new TypeError('name a "url" or "urls" to add');
      for (const url of urls) ctx.webhooks.add(url);
      return reply.code(201).send(webhookState(ctx));
    } catch (error) {
      return reply.code(400).send({ error: (error as Error).message });
    }
  });
  app.delete(path, async (request, reply) => {
    let urls: string[];
    try {
      const query = (request.query as { url?: string | string[] }).url;
      urls = [
        ...(query === undefined ? [] : [query].flat()),
        ...(await readUrls(request.body as NodeJS.ReadableStream | undefined)),
      ];
    } catch (error) {
      return reply.code(400).send({ error: (error as Error).message });
    }
    if (urls.length === 0) ctx.webhooks.clear();
    const unknown = urls.filter((url) => !ctx.webhooks.remove(url));
    if (unknown.length > 0) {
      return reply.code(404).send({ error: `not an endpoint: ${unknown.join(', ')}` });
    }
    return reply.send(webhookState(ctx));
  });
}
