import { open, rm } from 'node:fs/promises';
import { ReplyError } from '../http/replies.js';
import type { FetchRules } from '../sources/fetch-source.js';
import { type LocalSource, localSource } from '../sources/local-source.js';
import type { FileStore } from '../store/file-store.js';
import {
  applyEncodeTask,
  changesEncoding,
  defaultFormat,
  ENCODE_TASKS,
  type EncodeSettings,
  encode,
  FORMAT_MIME,
  renameFor,
} from './image-encode.js';
import { checkPixels } from './image-size.js';
import { type ImageInfo, type ImageStep, imageStep } from './image-steps.js';
import { readPdfInfo } from './pdf-info.js';
import { loadSharp, type SharpImage } from './sharp-loader.js';
import type { Source, Task } from './task.js';
import { answersJson, fixedJson } from './unapplied.js';

/** A chain sorted into what the emulator does with each task. */
interface ChainPlan {
  steps: ImageStep[];
  settings: EncodeSettings;
  /** Tasks named in `X-Fs-Emulator-Unapplied`, in chain order. */
  unapplied: string[];
  /** The JSON task that ends the chain, if any. */
  json?: Task;
}

function planChain(tasks: readonly Task[]): ChainPlan {
  const plan: ChainPlan = { steps: [], settings: {}, unapplied: [] };
  for (const task of tasks) {
    if (plan.json) {
      throw new ReplyError(
        400,
        `${task.name} cannot follow ${plan.json.name}: ${plan.json.name} answers JSON and ends the chain`,
      );
    }
    if (answersJson(task)) {
      plan.json = task;
      continue;
    }
    const step = imageStep(task);
    if (step) {
      plan.steps.push(step);
      if (step.partial) plan.unapplied.push(task.name);
    } else if (ENCODE_TASKS.has(task.name)) {
      if (!applyEncodeTask(task, plan.settings)) plan.unapplied.push(task.name);
    } else {
      // Known to the service, not reproducible here: the file goes on unchanged.
      plan.unapplied.push(task.name);
    }
  }
  return plan;
}

/** What a chain produced. */
export type ChainResult =
  /** Nothing to draw or encode: deliver the source as it is. */
  | { kind: 'unchanged'; unapplied: string[] }
  | { kind: 'json'; body: unknown; unapplied: string[] }
  | {
      kind: 'image';
      /** The encoder, ready to be read as a stream (once). */
      image: SharpImage;
      mimetype: string;
      filename: string;
      width: number;
      height: number;
      sourceUrl?: string;
      unapplied: string[];
      /** Removes the temporary files (passes, a URL source's copy) once the image was read. */
      cleanup(): Promise<void>;
    };

/** Image types sharp decodes. */
const READABLE = new Set([
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/gif',
  'image/tiff',
  'image/avif',
  'image/svg+xml',
]);

/** The largest PDF `pdfinfo` reads (it reads the whole file). */
const PDF_LIMIT = 64 * 1024 * 1024;

async function pdfInfo(file: LocalSource, task: Task, unapplied: string[]) {
  if (file.size > PDF_LIMIT) {
    throw new ReplyError(400, `pdfinfo: the emulator reads PDFs up to ${PDF_LIMIT} bytes`);
  }
  const handle = await open(file.path, 'r');
  let bytes: Buffer;
  try {
    bytes = await handle.readFile();
  } finally {
    await handle.close();
  }
  const info = readPdfInfo(bytes);
  if (!info) throw new ReplyError(400, `pdfinfo: the file is not a PDF (${file.mimetype})`);
  // Color details need a renderer.
  if (task.params.colorinfo === true) unapplied.push('pdfinfo');
  return info;
}

/**
 * Runs one pass from a file into another file, an uncompressed PNG: lossless, 8 or 16 bits,
 * alpha, EXIF and ICC kept, and cast back to integers (an uncompressed TIFF would keep the
 * float pixels of `recomb` unscaled). sharp's own errors (bad geometry, unreadable data) are
 * the request's fault: 400.
 */
async function runPass(task: string, build: () => SharpImage, target: string) {
  try {
    return await build().keepMetadata().png({ compressionLevel: 0 }).toFile(target);
  } catch (error) {
    if (error instanceof ReplyError) throw error;
    throw new ReplyError(400, `${task}: ${(error as Error).message}`);
  }
}

/** Names of the tasks that would have drawn or encoded the image. */
function drawingTasks(tasks: readonly Task[], plan: ChainPlan): string[] {
  return tasks
    .map((t) => t.name)
    .filter((name) => !plan.unapplied.includes(name) && name !== plan.json?.name);
}

/**
 * Runs a chain of processing tasks on a source, in the URL's order (docs/protocol.md#url-shape):
 * pixel tasks with sharp, encoding tasks once at the end, JSON tasks last. The source is read from
 * disk, each task's result is handed to the next as an uncompressed PNG on disk, and the final
 * encode is read as a stream, so no more than one image's pixels are held at a time.
 */
export async function runChain(
  files: FileStore,
  source: Source,
  tasks: readonly Task[],
  /** How a URL source may be fetched. */
  fetching: FetchRules,
): Promise<ChainResult> {
  const plan = planChain(tasks);
  const { unapplied, json } = plan;
  const handle = source.kind === 'handle' ? source.handle : undefined;
  const fixed = json ? fixedJson(json, handle) : undefined;
  if (json && fixed !== undefined) {
    if (handle && !(await files.get(handle))) throw new ReplyError(404, 'File not found');
    return { kind: 'json', body: fixed, unapplied: [...unapplied, json.name] };
  }
  const draws = plan.steps.length > 0 || changesEncoding(plan.settings);
  if (json?.name === 'pdfinfo') {
    if (draws) throw new ReplyError(400, 'pdfinfo: the tasks before it make an image, not a PDF');
    const file = await localSource(files, source, fetching);
    try {
      return { kind: 'json', body: await pdfInfo(file, json, unapplied), unapplied };
    } finally {
      await file.cleanup();
    }
  }
  if (!draws && !json) {
    if (handle && !(await files.get(handle))) throw new ReplyError(404, 'File not found');
    return { kind: 'unchanged', unapplied };
  }
  const file = await localSource(files, source, fetching);
  // Each pass reads the previous result from disk and writes its own: libvips streams both, so
  // only what an operation itself needs (a whole image for rotate or flip) is in memory.
  const passFiles: string[] = [];
  const cleanup = async () => {
    await Promise.all(passFiles.map((path) => rm(path, { force: true })));
    await file.cleanup();
  };
  try {
    const sharp = await loadSharp();
    const probe = await sharp(file.path)
      .metadata()
      .catch(() => undefined);
    if (!probe?.width || !probe.height) {
      const names = drawingTasks(tasks, plan);
      // An image type sharp does not read (HEIC, BMP, PSD, ...): what the service would draw
      // is skipped and named. A type sharp reads but cannot here is a broken file.
      if (file.mimetype.startsWith('image/') && !READABLE.has(file.mimetype) && !json) {
        await cleanup();
        return { kind: 'unchanged', unapplied: [...unapplied, ...names] };
      }
      const first = json?.name ?? names[0];
      const what = file.mimetype.startsWith('image/') ? 'cannot be read' : 'is not an image';
      throw new ReplyError(400, `${first}: the file ${what} (${file.mimetype})`);
    }
    // Reading the size takes the header only; drawing decodes every pixel. What the tasks make
    // is bounded by their parameters (the catalog's ranges).
    if (draws) checkPixels(drawingTasks(tasks, plan)[0] ?? 'output', probe, 'the image');
    let input = file.path;
    let info: ImageInfo = {
      width: probe.width,
      height: probe.height,
      hasAlpha: probe.hasAlpha === true,
    };
    for (const step of plan.steps) {
      for (const pass of step.passes) {
        const target = files.tempPath();
        passFiles.push(target);
        const out = await runPass(step.task, () => pass(sharp(input), info, sharp), target);
        if (input !== file.path) await rm(input, { force: true });
        input = target;
        info = {
          width: out.width,
          height: out.height,
          hasAlpha: out.channels === 2 || out.channels === 4,
        };
      }
    }
    if (json) {
      await cleanup();
      return { kind: 'json', body: { width: info.width, height: info.height }, unapplied };
    }
    const format = plan.settings.format ?? defaultFormat(probe.format);
    const settings = { ...plan.settings };
    if (settings.colorspace === 'cmyk' && format !== 'jpeg' && format !== 'tiff') {
      // Only JPEG and TIFF hold CMYK.
      settings.colorspace = undefined;
      if (!unapplied.includes('output')) unapplied.push('output');
    }
    const image = encode(
      sharp(input),
      settings,
      format,
      info.hasAlpha,
      probe.isProgressive === true,
    );
    return {
      kind: 'image',
      image,
      mimetype: FORMAT_MIME[format],
      filename: renameFor(file.filename, format, format !== probe.format),
      width: info.width,
      height: info.height,
      sourceUrl: file.sourceUrl,
      unapplied,
      cleanup,
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
