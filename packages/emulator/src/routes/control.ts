import type { FastifyInstance } from 'fastify';
import type { EmulatorContext } from '../context.js';
import { checkFaultRule } from '../faults.js';
import { readText } from '../request-body.js';

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
  app.post(`${CONTROL_PREFIX}/reset`, async (_request, reply) => {
    reset();
    return reply.code(204).send();
  });
}
