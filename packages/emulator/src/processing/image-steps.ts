import { ReplyError } from '../http/replies.js';
import { parseColor, type Rgba } from './colors.js';
import type { SharpFactory, SharpImage } from './sharp-loader.js';
import type { ParamValue, Task } from './task.js';

/** What a pass knows about the image it receives. */
export interface ImageInfo {
  width: number;
  height: number;
  hasAlpha: boolean;
}

/**
 * One sharp pipeline run. sharp applies the operations of one pipeline in its own fixed order
 * (flatten, resize, extend, composite, ...), not in call order, so every task gets passes of
 * its own and the chain keeps the URL's order.
 */
export type Pass = (image: SharpImage, info: ImageInfo, sharp: SharpFactory) => SharpImage;

/** A task the emulator draws. */
export interface ImageStep {
  task: string;
  passes: Pass[];
  /** Drawn only in part (e.g. `align:faces` without face detection): listed as unapplied. */
  partial?: boolean;
}

const WHITE: Rgba = { r: 255, g: 255, b: 255, alpha: 1 };
const BLACK: Rgba = { r: 0, g: 0, b: 0, alpha: 1 };
const CLEAR: Rgba = { r: 0, g: 0, b: 0, alpha: 0 };

const num = (value: ParamValue | undefined, fallback: number): number =>
  typeof value === 'number' ? value : fallback;

function color(value: ParamValue | undefined, fallback: Rgba): Rgba {
  return (value === undefined ? undefined : parseColor(String(value))) ?? fallback;
}

const css = ({ r, g, b, alpha }: Rgba) => `rgba(${r},${g},${b},${alpha})`;

/** Filestack's `align` (a word or `[vertical,horizontal]`) as a sharp crop position. */
function position(align: ParamValue | undefined): string {
  const parts = (Array.isArray(align) ? align : [align ?? 'center']).map(String);
  const vertical = parts.find((p) => p === 'top' || p === 'bottom') ?? '';
  const horizontal = parts.find((p) => p === 'left' || p === 'right') ?? '';
  return `${horizontal} ${vertical}`.trim() || 'centre';
}

/**
 * Paints everything outside a shape: `background` when it is a color, or clears it to
 * transparent when it is `transparent` (the default). The shape is an SVG mask, so edges are
 * anti-aliased; `blur` softens them.
 */
function outsideShape(shape: (w: number, h: number) => string, background: Rgba, blur = 0): Pass {
  return (image, { width: w, height: h }) => {
    // An empty filter would hide the shape, so none is written without blur.
    const soften =
      blur > 0 ? `<filter id="b"><feGaussianBlur stdDeviation="${blur}"/></filter>` : '';
    const filter = blur > 0 ? ' filter="url(#b)"' : '';
    const paint = background.alpha === 0 ? '#fff' : css(background);
    const svg =
      `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><defs>${soften}` +
      `<mask id="m"><rect width="${w}" height="${h}" fill="#fff"/>` +
      `<g${filter}>${shape(w, h)}</g></mask></defs>` +
      `<rect width="${w}" height="${h}" fill="${paint}" mask="url(#m)"/></svg>`;
    const input = Buffer.from(svg);
    if (background.alpha === 0) {
      return image.ensureAlpha().composite([{ input, blend: 'dest-out' }]);
    }
    return image.composite([{ input, blend: 'over' }]);
  };
}

/** Sepia mixed with the identity by `tone` (0-100). */
function sepiaMatrix(
  tone: number,
): [[number, number, number], [number, number, number], [number, number, number]] {
  const k = tone / 100;
  const sepia = [
    [0.393, 0.769, 0.189],
    [0.349, 0.686, 0.168],
    [0.272, 0.534, 0.131],
  ];
  const row = (i: number) =>
    sepia[i]!.map((v, j) => (1 - k) * (i === j ? 1 : 0) + k * v) as [number, number, number];
  return [row(0), row(1), row(2)];
}

function resize(params: Task['params']): ImageStep {
  const width = params.width === undefined ? undefined : Math.round(num(params.width, 1));
  const height = params.height === undefined ? undefined : Math.round(num(params.height, 1));
  const fit = String(params.fit ?? 'clip');
  const faces = params.align === 'faces';
  const pass: Pass = (image) =>
    image.resize({
      width,
      height,
      // clip: inside the box, enlarging; max: the same, never enlarging; scale: exactly the
      // box, distorting; crop: cover the box, cut at `align`.
      fit: fit === 'crop' ? 'cover' : fit === 'scale' ? 'fill' : 'inside',
      withoutEnlargement: fit === 'max',
      position: position(faces ? 'center' : params.align),
    });
  return { task: 'resize', passes: [pass], partial: faces && fit === 'crop' };
}

function crop(params: Task['params']): ImageStep {
  const [x, y, w, h] = (params.dim as number[]).map(Math.round) as [number, number, number, number];
  return {
    task: 'crop',
    passes: [
      (image, info) => {
        if (x >= info.width || y >= info.height) {
          throw new ReplyError(
            400,
            `invalid parameter crop.dim: [${x},${y},${w},${h}] starts outside the ${info.width}x${info.height} image`,
          );
        }
        // An area reaching past the edge is cut at the edge.
        return image.extract({
          left: x,
          top: y,
          width: Math.min(w, info.width - x),
          height: Math.min(h, info.height - y),
        });
      },
    ],
  };
}

function rotate(params: Task['params']): ImageStep {
  const passes: Pass[] = [];
  if (params.deg === 'exif' || params.exif === true) passes.push((image) => image.autoOrient());
  if (typeof params.deg === 'number' && params.deg % 360 !== 0) {
    const deg = params.deg;
    const background = color(params.background, WHITE);
    passes.push((image) => image.rotate(deg, { background }));
  }
  return { task: 'rotate', passes };
}

function pixelate(params: Task['params']): ImageStep {
  const amount = num(params.amount, 2);
  let size = { width: 1, height: 1 };
  return {
    task: 'pixelate',
    passes: [
      (image, info) => {
        size = { width: info.width, height: info.height };
        return image.resize({
          width: Math.max(1, Math.round(info.width / amount)),
          height: Math.max(1, Math.round(info.height / amount)),
          fit: 'fill',
        });
      },
      (image) => image.resize({ ...size, fit: 'fill', kernel: 'nearest' }),
    ],
  };
}

function roundedCorners(task: string, params: Task['params']): ImageStep {
  const radius = params.radius;
  const shape = (w: number, h: number) => {
    const r = radius === 'max' ? Math.min(w, h) / 2 : Math.min(num(radius, 32), Math.min(w, h) / 2);
    return `<rect width="${w}" height="${h}" rx="${r}" ry="${r}" fill="#000"/>`;
  };
  return {
    task,
    passes: [outsideShape(shape, color(params.background, CLEAR), num(params.blur, 0.3))],
  };
}

const single =
  (task: string, pass: (params: Task['params']) => Pass | undefined) =>
  (params: Task['params']): ImageStep => {
    const made = pass(params);
    return { task, passes: made ? [made] : [] };
  };

/** Tasks the emulator draws with sharp, by name. */
const STEPS: Record<string, (params: Task['params']) => ImageStep> = {
  resize,
  crop,
  rotate,
  pixelate,
  rounded_corners: (params) => roundedCorners('rounded_corners', params),
  round_corners: (params) => roundedCorners('round_corners', params),
  flip: single('flip', () => (image) => image.flip()),
  flop: single('flop', () => (image) => image.flop()),
  circle: single('circle', (params) =>
    outsideShape(
      (w, h) => `<ellipse cx="${w / 2}" cy="${h / 2}" rx="${w / 2}" ry="${h / 2}" fill="#000"/>`,
      color(params.background, CLEAR),
    ),
  ),
  border: single('border', (params) => {
    const width = num(params.width, 2);
    const paint = color(params.color, BLACK);
    const background =
      params.background === undefined ? undefined : color(params.background, WHITE);
    return (image) => {
      const flat = background ? image.flatten({ background }) : image;
      return width === 0
        ? flat
        : flat.extend({ top: width, bottom: width, left: width, right: width, background: paint });
    };
  }),
  blur: single('blur', (params) => {
    const amount = num(params.amount, 2);
    return amount === 0 ? undefined : (image) => image.blur(Math.max(0.3, amount));
  }),
  sharpen: single('sharpen', (params) => {
    const amount = num(params.amount, 2);
    return amount === 0 ? undefined : (image) => image.sharpen({ sigma: Math.min(10, amount / 2) });
  }),
  monochrome: single('monochrome', () => (image) => image.grayscale()),
  blackwhite: single('blackwhite', (params) => {
    const level = Math.round((num(params.threshold, 50) * 255) / 100);
    return (image) => image.threshold(level);
  }),
  sepia: single('sepia', (params) => {
    const matrix = sepiaMatrix(num(params.tone, 80));
    return (image) => image.recomb(matrix);
  }),
  negative: single('negative', () => (image) => image.negate({ alpha: false })),
  modulate: single('modulate', (params) => {
    const brightness = num(params.brightness, 100) / 100;
    const saturation = num(params.saturation, 100) / 100;
    const hue = num(params.hue, 0);
    return (image) => image.modulate({ brightness, saturation, hue });
  }),
};

/** The drawing of `task`, or undefined when it is not a pixel task the emulator draws. */
export function imageStep(task: Task): ImageStep | undefined {
  const make = Object.hasOwn(STEPS, task.name) ? STEPS[task.name] : undefined;
  return make?.(task.params);
}
