import type { FastifyInstance } from 'fastify';
import type { EmulatorContext } from '../context.js';
import { registerCdn } from './cdn.js';
import { registerControl } from './control.js';
import { registerFileApi } from './file-api.js';
import { registerProcess } from './process.js';
import { registerUploadApi } from './upload-api.js';

/** Every route of the emulator; the CDN's catch-all path comes last. */
export function registerRoutes(
  app: FastifyInstance,
  ctx: EmulatorContext,
  reset: () => void,
): void {
  registerControl(app, ctx, reset);
  registerUploadApi(app, ctx);
  registerProcess(app, ctx);
  registerFileApi(app, ctx);
  registerCdn(app, ctx);
}
