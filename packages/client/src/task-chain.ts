import {
  type AnimateParams,
  type AsciiParams,
  animate,
  ascii,
  autoImage,
  type BlackwhiteParams,
  type BlurFacesParams,
  type BlurParams,
  type BorderParams,
  blackwhite,
  blur,
  blurFaces,
  border,
  type CacheParams,
  type CircleParams,
  type CollageParams,
  type CompressParams,
  type CropFacesParams,
  type CropParams,
  cache,
  circle,
  collage,
  compress,
  crop,
  cropFaces,
  type DetectFacesParams,
  type DocToImagesParams,
  detectFaces,
  docToImages,
  type EnhanceParams,
  enhance,
  type FallbackParams,
  fallback,
  flip,
  flop,
  getContent,
  getJson,
  getOcr,
  getSfw,
  getTags,
  imagesize,
  type MinifyCssParams,
  type MinifyJsParams,
  type ModulateParams,
  minifyCss,
  minifyJs,
  modulate,
  monochrome,
  negative,
  noMetadata,
  type OilPaintParams,
  type OutputParams,
  oilPaint,
  output,
  type PartialBlurParams,
  type PartialPixelateParams,
  type PdfconvertParams,
  type PdfcreateParams,
  type PdfinfoParams,
  type PixelateFacesParams,
  type PixelateParams,
  type PjpgParams,
  type PolaroidParams,
  partialBlur,
  partialPixelate,
  pdfconvert,
  pdfcreate,
  pdfinfo,
  pixelate,
  pixelateFaces,
  pjpg,
  polaroid,
  type QualityParams,
  quality,
  type ResizeParams,
  type RotateParams,
  type RoundedCornersParams,
  redeye,
  resize,
  rotate,
  roundedCorners,
  type SepiaParams,
  type SfwResult,
  type ShadowParams,
  type SharpenParams,
  type SmartCropParams,
  sepia,
  shadow,
  sharpen,
  smartCrop,
  type TagsResult,
  type Task,
  type TaskParams,
  type TornEdgesParams,
  type TransformSource,
  task,
  tornEdges,
  transformUrl,
  type UpscaleParams,
  upscale,
  type VignetteParams,
  vignette,
  type WatermarkParams,
  watermark,
  zip,
} from '@fs/transform';
import { runtime } from '#runtime';
import {
  type CallOptions,
  policyNow,
  requestOptions,
  type SecurityInput,
  type Settings,
} from './settings.js';
import type { Transformation } from './transformation.js';

/** What a chain runs on: its source, its tasks and the settings it inherited. */
export interface ChainState {
  readonly source: TransformSource;
  readonly tasks: readonly Task[];
  readonly settings: Settings;
}

// Kept beside the objects rather than in protected fields, so that the public types show none
// of it and the shared requests below are written once for Filelink and Transformation.
const states = /* @__PURE__ */ new WeakMap<TaskChain, ChainState>();

/** Records what `chain` runs on (called once, by the Filelink or Transformation constructor). */
export function bindChain(chain: TaskChain, state: ChainState): void {
  states.set(chain, state);
}

/** What `chain` runs on. */
export function chainState(chain: TaskChain): ChainState {
  return states.get(chain)!;
}

/** Runs one of `@fs/transform`'s request functions on what `chain` runs on. */
function read<T>(
  chain: TaskChain,
  send: (
    source: TransformSource,
    tasks: readonly Task[],
    options: ReturnType<typeof requestOptions>,
  ) => Promise<T>,
  options: CallOptions | undefined,
): Promise<T> {
  const { source, tasks, settings } = chainState(chain);
  return send(source, tasks, requestOptions(settings, options));
}

/**
 * What `Filelink` and `Transformation` share: their URLs, the requests that read a result, and
 * one method per processing task. Each task method returns a new `Transformation` with the task
 * appended and leaves the object it was called on unchanged, so a chain can be kept and
 * branched safely. Methods are named as the Python SDK names them, in camelCase
 * (`filetypeConversion` writes `output`), plus the tasks only filestack-js has (`compress`,
 * `blurFaces`, `pjpg`, `cache`, `imagesize`). Parameters keep Filestack's own names and are
 * checked by `@fs/transform` before anything is sent (a `ValidationError` naming the task and
 * parameter).
 */
export abstract class TaskChain {
  /** A new Transformation: this chain with `task` appended. */
  protected abstract append(task: Task): Transformation;

  /** The API key, when one was given or inherited. */
  get apikey(): string | undefined {
    return chainState(this).settings.apikey;
  }

  /** The policy requests are signed with, as it was given. */
  get security(): SecurityInput | undefined {
    return chainState(this).settings.given;
  }

  /**
   * The unsigned URL, byte for byte the Python SDK's `url` for the same calls:
   * `https://cdn.filestackcontent.com/<handle>` for a Filelink, the processing URL for a chain.
   *
   * @example
   * filelink.resize({ width: 400 }).flip().url;
   * // https://cdn.filestackcontent.com/resize=width:400/flip/<handle>
   */
  get url(): string {
    const { source, tasks, settings } = chainState(this);
    return transformUrl(source, tasks, { ...settings.hosts, apikey: settings.apikey });
  }

  /**
   * The URL signed with `security`, else with the inherited policy, written as the Python SDK
   * writes it: `security=p:<policy>,s:<signature>` after the tasks, just before the source.
   *
   * @throws ValidationError when there is no policy, or it is a function (it cannot be asked
   *   synchronously: await it and pass the result).
   */
  signedUrl(security?: SecurityInput): string {
    const { source, tasks, settings } = chainState(this);
    const policy = policyNow(settings, security);
    return transformUrl(source, tasks, {
      ...settings.hosts,
      apikey: settings.apikey,
      security: policy,
    });
  }

  /** The URL, so a Filelink or Transformation can go straight into a template string. */
  toString(): string {
    return this.url;
  }

  /** Downloads the file (or the chain's result) into memory, signed when a policy is set. */
  async getContent(options?: CallOptions): Promise<Uint8Array> {
    return read(this, getContent, options);
  }

  /**
   * The parsed JSON answer: of a chain that ends in a JSON task (`imagesize`, `pdfInfo`,
   * `detectFaces({ export: true })`), or of a JSON file.
   *
   * @example
   * const { width, height } = await filelink.imagesize().getJson<{ width: number; height: number }>();
   */
  async getJson<T = Record<string, unknown>>(options?: CallOptions): Promise<T> {
    return read(this, getJson<T>, options);
  }

  /**
   * Node.js: streams the file (or the chain's result) to `path`, never whole in memory, and
   * resolves with the bytes written. Elsewhere it rejects with a ValidationError (use
   * `getContent`).
   *
   * @example
   * const size = await filelink.download('/tmp/photo.png');
   */
  async download(path: string, options?: CallOptions): Promise<number> {
    const { source, tasks, settings } = chainState(this);
    return runtime.download(settings, source, tasks, path, options);
  }

  /** Image tags (the service requires a policy). */
  async tags(options?: CallOptions): Promise<TagsResult> {
    return read(this, getTags, options);
  }

  /** Safe-for-work detection (the service requires a policy). */
  async sfw(options?: CallOptions): Promise<SfwResult> {
    return read(this, getSfw, options);
  }

  /** Text recognised in the image, as the service answers it. */
  async ocr(options?: CallOptions): Promise<Record<string, unknown>> {
    return read(this, getOcr, options);
  }

  /**
   * Appends any task by name, with no catalog checks: the escape hatch for tasks and parameters
   * the catalog lacks (`task('caption')`, `task('metadata')`).
   *
   * @example
   * filelink.task('tags', { version: 2 }).url;
   */
  task(name: string, params?: TaskParams): Transformation {
    return this.append(task(name, params === undefined ? undefined : { ...params }));
  }

  /** Mirrors the image vertically (top becomes bottom). Python: `flip`. */
  flip(): Transformation {
    return this.append(flip());
  }

  /** Mirrors the image horizontally (left becomes right). Python: `flop`. */
  flop(): Transformation {
    return this.append(flop());
  }

  /** Lets the CDN choose the output format the requesting browser handles best (e.g. WebP). Python: `auto_image`. */
  autoImage(): Transformation {
    return this.append(autoImage());
  }

  /** Removes the image's metadata (EXIF and the like). Python: `no_metadata`. */
  noMetadata(): Transformation {
    return this.append(noMetadata());
  }

  /** Removes red eyes from a photo. Python: `redeye`. */
  redeye(): Transformation {
    return this.append(redeye());
  }

  /** Turns the image into grayscale. Python: `monochrome`. */
  monochrome(): Transformation {
    return this.append(monochrome());
  }

  /** Inverts the image's colors. Python: `negative`. */
  negative(): Transformation {
    return this.append(negative());
  }

  /** Answers the image's width and height as JSON: read it with `getJson()`. Python: `imagesize (filestack-js only)`. */
  imagesize(): Transformation {
    return this.append(imagesize());
  }

  /** Compresses the image, keeping its format. Python: `compress (filestack-js only)`. */
  compress(params?: CompressParams): Transformation {
    return this.append(compress(params));
  }

  /** Improves a photo automatically, optionally with a preset. Python: `enhance`. */
  enhance(params?: EnhanceParams): Transformation {
    return this.append(enhance(params));
  }

  /** Crops to `width` x `height` around the most relevant content (faces or objects). Python: `smart_crop`. */
  smartCrop(params?: SmartCropParams): Transformation {
    return this.append(smartCrop(params));
  }

  /** Builds an animated GIF from several sources (`[h1,h2,...]`). Python: `animate`. */
  animate(params?: AnimateParams): Transformation {
    return this.append(animate(params));
  }

  /** Resizes the image; give `width`, `height` or both. Python: `resize`. */
  resize(params: ResizeParams): Transformation {
    return this.append(resize(params));
  }

  /** Crops the image to the rectangle `dim: [x, y, width, height]`. Python: `crop`. */
  crop(params: CropParams): Transformation {
    return this.append(crop(params));
  }

  /** Rotates the image by `deg` degrees, or by its EXIF orientation (`deg: 'exif'`). Python: `rotate`. */
  rotate(params?: RotateParams): Transformation {
    return this.append(rotate(params));
  }

  /** Draws boxes around detected faces, or with `export: true` answers their coordinates as JSON. Python: `detect_faces`. */
  detectFaces(params?: DetectFacesParams): Transformation {
    return this.append(detectFaces(params));
  }

  /** Crops the image around detected faces. Python: `crop_faces`. */
  cropFaces(params?: CropFacesParams): Transformation {
    return this.append(cropFaces(params));
  }

  /** Pixelates detected faces. Python: `pixelate_faces`. */
  pixelateFaces(params?: PixelateFacesParams): Transformation {
    return this.append(pixelateFaces(params));
  }

  /** Blurs detected faces. Python: `blur_faces (filestack-js only)`. */
  blurFaces(params?: BlurFacesParams): Transformation {
    return this.append(blurFaces(params));
  }

  /** Rounds the image's corners. Written `rounded_corners`, the service's name (the Python SDK writes `round_corners`). Python: `round_corners`. */
  roundCorners(params?: RoundedCornersParams): Transformation {
    return this.append(roundedCorners(params));
  }

  /** Fades the image's edges. Python: `vignette`. */
  vignette(params?: VignetteParams): Transformation {
    return this.append(vignette(params));
  }

  /** Frames the image as a polaroid photo. Python: `polaroid`. */
  polaroid(params?: PolaroidParams): Transformation {
    return this.append(polaroid(params));
  }

  /** Tears the image's edges like paper. Python: `torn_edges`. */
  tornEdges(params?: TornEdgesParams): Transformation {
    return this.append(tornEdges(params));
  }

  /** Adds a drop shadow. Python: `shadow`. */
  shadow(params?: ShadowParams): Transformation {
    return this.append(shadow(params));
  }

  /** Crops the image to a circle. Python: `circle`. */
  circle(params?: CircleParams): Transformation {
    return this.append(circle(params));
  }

  /** Draws a border around the image. Python: `border`. */
  border(params?: BorderParams): Transformation {
    return this.append(border(params));
  }

  /** Sharpens the image. Python: `sharpen`. */
  sharpen(params?: SharpenParams): Transformation {
    return this.append(sharpen(params));
  }

  /** Blurs the image. Python: `blur`. */
  blur(params?: BlurParams): Transformation {
    return this.append(blur(params));
  }

  /** Turns the image black and white (pixels above `threshold` become white). Python: `blackwhite`. */
  blackwhite(params?: BlackwhiteParams): Transformation {
    return this.append(blackwhite(params));
  }

  /** Applies a sepia tone. Python: `sepia`. */
  sepia(params?: SepiaParams): Transformation {
    return this.append(sepia(params));
  }

  /** Pixelates the whole image. Python: `pixelate`. */
  pixelate(params?: PixelateParams): Transformation {
    return this.append(pixelate(params));
  }

  /** Makes the image look like an oil painting. Python: `oil_paint`. */
  oilPaint(params?: OilPaintParams): Transformation {
    return this.append(oilPaint(params));
  }

  /** Changes brightness, saturation and hue (100 = unchanged). Python: `modulate`. */
  modulate(params?: ModulateParams): Transformation {
    return this.append(modulate(params));
  }

  /** Renders the image as ASCII art (an HTML page). Python: `ascii`. */
  ascii(params?: AsciiParams): Transformation {
    return this.append(ascii(params));
  }

  /** Builds a collage of the source and the images in `files`. Python: `collage`. */
  collage(params: CollageParams): Transformation {
    return this.append(collage(params));
  }

  /** Doubles the image's resolution with super-resolution. Python: `upscale`. */
  upscale(params?: UpscaleParams): Transformation {
    return this.append(upscale(params));
  }

  /** Writes the image as a progressive JPEG. Python: `pjpg (filestack-js only)`. */
  pjpg(params?: PjpgParams): Transformation {
    return this.append(pjpg(params));
  }

  /** Sets the JPEG or WebP quality of the output. Python: `quality`. */
  quality(params: QualityParams): Transformation {
    return this.append(quality(params));
  }

  /** Places the image `file` (a handle or URL) on the source as a watermark. Python: `watermark`. */
  watermark(params: WatermarkParams): Transformation {
    return this.append(watermark(params));
  }

  /** Blurs the rectangles listed in `objects`. Python: `partial_blur`. */
  partialBlur(params: PartialBlurParams): Transformation {
    return this.append(partialBlur(params));
  }

  /** Pixelates the rectangles listed in `objects`. Python: `partial_pixelate`. */
  partialPixelate(params: PartialPixelateParams): Transformation {
    return this.append(partialPixelate(params));
  }

  /** Converts the file to another format (images and documents): the `output` task. Python: `filetype_conversion`. */
  filetypeConversion(params?: OutputParams): Transformation {
    return this.append(output(params));
  }

  /** Answers information about a PDF document as JSON: read it with `getJson()`. Python: `pdf_info`. */
  pdfInfo(params?: PdfinfoParams): Transformation {
    return this.append(pdfinfo(params));
  }

  /** Selects pages of a PDF and changes their orientation or page format. Python: `pdf_convert`. */
  pdfConvert(params: PdfconvertParams): Transformation {
    return this.append(pdfconvert(params));
  }

  /** Renders the pages of a document as images. Python: `doc_to_images`. */
  docToImages(params?: DocToImagesParams): Transformation {
    return this.append(docToImages(params));
  }

  /** Merges several sources (`[h1,h2]`) into one PDF. Python: `pdfcreate`. */
  pdfCreate(params?: PdfcreateParams): Transformation {
    return this.append(pdfcreate(params));
  }

  /** Minifies a JavaScript file. Python: `minify_js`. */
  minifyJs(params?: MinifyJsParams): Transformation {
    return this.append(minifyJs(params));
  }

  /** Minifies a CSS file. Python: `minify_css`. */
  minifyCss(params?: MinifyCssParams): Transformation {
    return this.append(minifyCss(params));
  }

  /** Controls how long the CDN caches the result. Python: `cache (filestack-js only)`. */
  cache(params?: CacheParams): Transformation {
    return this.append(cache(params));
  }

  /** Delivers the file `handle` instead when the source or the chain fails. Python: `fallback`. */
  fallback(params: FallbackParams): Transformation {
    return this.append(fallback(params));
  }

  /** Zips the source (or the sources of a list) into one archive; the URL carries the API key. Python: `zip`. */
  zip(): Transformation {
    return this.append(zip());
  }
}
