import * as transform from '@fs/transform';
import { UsageError } from './exit-codes.js';

/*
 * Tasks as the service writes them (`resize=width:400`), checked by @fs/transform's factory for
 * each, so a typo or a bad value is caught before any URL is printed or request sent.
 */

// Any factory, called with parameters read from the command line (it checks them itself).
type TaskFactory = (params?: unknown) => transform.Task;

/** Each task of the service by its URL name, with the factory that checks its parameters. */
const FACTORIES = {
  flip: transform.flip,
  flop: transform.flop,
  auto_image: transform.autoImage,
  no_metadata: transform.noMetadata,
  redeye: transform.redeye,
  monochrome: transform.monochrome,
  negative: transform.negative,
  tags: transform.tags,
  sfw: transform.sfw,
  imagesize: transform.imagesize,
  ocr: transform.ocr,
  compress: transform.compress,
  enhance: transform.enhance,
  smart_crop: transform.smartCrop,
  animate: transform.animate,
  resize: transform.resize,
  crop: transform.crop,
  rotate: transform.rotate,
  detect_faces: transform.detectFaces,
  crop_faces: transform.cropFaces,
  pixelate_faces: transform.pixelateFaces,
  blur_faces: transform.blurFaces,
  rounded_corners: transform.roundedCorners,
  vignette: transform.vignette,
  polaroid: transform.polaroid,
  torn_edges: transform.tornEdges,
  shadow: transform.shadow,
  circle: transform.circle,
  border: transform.border,
  sharpen: transform.sharpen,
  blur: transform.blur,
  blackwhite: transform.blackwhite,
  sepia: transform.sepia,
  pixelate: transform.pixelate,
  oil_paint: transform.oilPaint,
  modulate: transform.modulate,
  ascii: transform.ascii,
  collage: transform.collage,
  upscale: transform.upscale,
  pjpg: transform.pjpg,
  quality: transform.quality,
  watermark: transform.watermark,
  partial_blur: transform.partialBlur,
  partial_pixelate: transform.partialPixelate,
  output: transform.output,
  pdfinfo: transform.pdfinfo,
  pdfconvert: transform.pdfconvert,
  doc_to_images: transform.docToImages,
  pdfcreate: transform.pdfcreate,
  video_convert: transform.videoConvert,
  store: transform.store,
  security: transform.security,
  cache: transform.cache,
  fallback: transform.fallback,
  zip: transform.zip,
  metadata: transform.metadata,
  urlscreenshot: transform.urlscreenshot,
  minify_js: transform.minifyJs,
  minify_css: transform.minifyCss,
  preview: transform.preview,
} as Readonly<Record<string, unknown>> as Readonly<Record<string, TaskFactory>>;

/** Every task name the CLI accepts (the names of the service, e.g. `rounded_corners`). */
export const TASK_NAMES: readonly string[] = Object.keys(FACTORIES);

// A placeholder source: each argument is read as the one task of a processing URL.
const PROBE = 'https://cli.invalid';
const PROBE_HANDLE = 'AAAAAAAAAAAAAAAAAAAA';

/**
 * Reads one task argument, `name` or `name=key:value,key:value` (lists as `[a,b]`, text in
 * double quotes when it holds `,` or `/`), and checks it with @fs/transform.
 *
 * @throws UsageError for an unknown task, one argument holding several tasks, or `security`
 *   (use `--sign`); ValidationError from @fs/transform for a bad parameter.
 */
export function parseTaskArg(arg: string): transform.Task {
  // Escaped so that the probe URL's own parsing gives the argument back unchanged.
  const escaped = arg.replace(/[%?#]/g, (char) => encodeURIComponent(char));
  let parsed: transform.ParsedTransformUrl | undefined;
  try {
    parsed = transform.parseTransformUrl(`${PROBE}/${escaped}/${PROBE_HANDLE}`);
  } catch {
    parsed = undefined;
  }
  const tasks = parsed?.tasks ?? [];
  const [task] = tasks;
  if (parsed?.security || task?.name === 'security') {
    throw new UsageError('a security task is not written by hand', 'add --sign to sign the URL');
  }
  if (tasks.length !== 1 || !task) {
    throw new UsageError(
      `"${arg}" is not one task`,
      'write each task as one argument: name or name=key:value,key:value (e.g. resize=width:400)',
    );
  }
  const factory = Object.hasOwn(FACTORIES, task.name) ? FACTORIES[task.name] : undefined;
  if (!factory) {
    throw new UsageError(
      `unknown task "${task.name}"`,
      'see the processing tasks at https://www.filestack.com/docs/api/processing/',
    );
  }
  if (factory.length === 0 && task.params !== undefined) {
    throw new UsageError(`${task.name} takes no parameters; got "${arg}"`);
  }
  return factory(task.params);
}
