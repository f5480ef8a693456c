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
  type ShadowParams,
  type SharpenParams,
  type SmartCropParams,
  sepia,
  shadow,
  sharpen,
  smartCrop,
  type Task,
  type TaskParams,
  type TornEdgesParams,
  task,
  tornEdges,
  type UpscaleParams,
  upscale,
  type VignetteParams,
  vignette,
  type WatermarkParams,
  watermark,
  zip,
} from '@fs/transform';
import type { Transformation } from './transformation.js';

/**
 * One method per processing task, shared by `Filelink` and `Transformation`. Each returns a new
 * `Transformation` with the task appended and leaves the object it was called on unchanged, so
 * a chain can be kept and branched safely. Methods are named as the Python SDK names them, in
 * camelCase (`filetypeConversion` writes `output`), plus the tasks only filestack-js has
 * (`compress`, `blurFaces`, `pjpg`, `cache`, `imagesize`). Parameters keep Filestack's own names
 * and are checked by `@fs/transform` before anything is sent (a `ValidationError` naming the task
 * and parameter).
 */
export abstract class TaskChain {
  /** A new Transformation: this chain with `task` appended. */
  protected abstract append(task: Task): Transformation;

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
