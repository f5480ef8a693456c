import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { useEmulator } from '../src/testing/index.js';
import { hooks } from './helpers.js';
import {
  BLUE,
  exifJpeg,
  expectColor,
  fetchBytes,
  GREEN,
  pixels,
  pngBomb,
  quadrants,
  RED,
  type Rgba,
  upload,
  WHITE,
} from './images.js';

/*
 * Every task the emulator draws, over real HTTP, checked by decoding the answer with sharp.
 * The source is an 80x60 PNG in four colored quadrants (see images.ts).
 */

const emu = useEmulator({ hooks });
let png: string;
let jpeg: string;
let exif: string;
let soft: string;

const CLEAR: Rgba = [0, 0, 0, 0];

beforeAll(async () => {
  png = await upload(emu, await quadrants(), 'quadrants.png', 'image/png');
  jpeg = await upload(emu, await quadrants('jpeg'), 'quadrants.jpg', 'image/jpeg');
  exif = await upload(emu, await exifJpeg(), 'exif.jpg', 'image/jpeg');
  // A soft edge (gray 100 | gray 150, blurred): sharpening makes it overshoot.
  const edge = await sharp({
    create: { width: 40, height: 10, channels: 3, background: '#646464' },
  })
    .composite([
      {
        input: { create: { width: 20, height: 10, channels: 3, background: '#969696' } },
        left: 20,
        top: 0,
      },
    ])
    .png()
    .toBuffer();
  soft = await upload(emu, await sharp(edge).blur(2).png().toBuffer(), 'soft.png', 'image/png');
});

/** GETs `tasks` applied to `handle`; asserts a 200 image answer and decodes it. */
async function processed(tasks: string, handle = png) {
  const answer = await fetchBytes(`${emu.url}/${tasks}/${handle}`);
  expect(answer.status, answer.bytes.toString()).toBe(200);
  expect(answer.headers.get('x-fs-emulator-unapplied')).toBeNull();
  const meta = await sharp(answer.bytes).metadata();
  return { ...answer, meta, px: await pixels(answer.bytes) };
}

describe('resize', () => {
  it('keeps the aspect ratio with only a width or only a height', async () => {
    const wide = await processed('resize=width:40');
    expect([wide.px.width, wide.px.height]).toEqual([40, 30]);
    expectColor(wide.px.at(5, 5), RED);
    expectColor(wide.px.at(35, 25), WHITE);
    const tall = await processed('resize=height:120');
    expect([tall.px.width, tall.px.height]).toEqual([160, 120]);
  });

  it('fits inside the box with clip (the default), enlarging; never enlarges with max', async () => {
    const clip = await processed('resize=width:160,height:160');
    expect([clip.px.width, clip.px.height]).toEqual([160, 120]);
    const max = await processed('resize=fit:max,width:160,height:160');
    expect([max.px.width, max.px.height]).toEqual([80, 60]);
  });

  it('distorts to the exact box with scale', async () => {
    const scaled = await processed('resize=fit:scale,height:20,width:100');
    expect([scaled.px.width, scaled.px.height]).toEqual([100, 20]);
    expectColor(scaled.px.at(10, 2), RED);
    expectColor(scaled.px.at(90, 17), WHITE);
  });

  it('covers the box and cuts at align with crop', async () => {
    const left = await processed('resize=align:left,fit:crop,height:60,width:30');
    expect([left.px.width, left.px.height]).toEqual([30, 60]);
    expectColor(left.px.at(15, 5), RED);
    expectColor(left.px.at(15, 55), BLUE);
    const right = await processed('resize=align:[bottom,right],fit:crop,height:60,width:30');
    expectColor(right.px.at(15, 5), GREEN);
    expectColor(right.px.at(15, 55), WHITE);
  });

  it('reads the one-letter aliases', async () => {
    const aliased = await processed('resize=w:20,h:60,f:crop,a:right');
    expect([aliased.px.width, aliased.px.height]).toEqual([20, 60]);
    expectColor(aliased.px.at(10, 5), GREEN);
  });
});

describe('geometry', () => {
  it('crops an area, cut at the image edge', async () => {
    const area = await processed('crop=dim:[40,0,40,30]');
    expect([area.px.width, area.px.height]).toEqual([40, 30]);
    expect(area.px.all().every((p) => p.join() === GREEN.join())).toBe(true);
    const past = await processed('crop=dim:[60,50,100,100]');
    expect([past.px.width, past.px.height]).toEqual([20, 10]);
    expectColor(past.px.at(5, 5), WHITE);
  });

  it('rotates clockwise by deg, on a white background for odd angles', async () => {
    const quarter = await processed('rotate=deg:90');
    expect([quarter.px.width, quarter.px.height]).toEqual([60, 80]);
    // Red (top-left) ends top-right, blue (bottom-left) top-left.
    expectColor(quarter.px.at(55, 5), RED);
    expectColor(quarter.px.at(5, 5), BLUE);
    const tilted = await processed('rotate=deg:45,background:000000');
    expect(tilted.px.width).toBeGreaterThan(80);
    expectColor(tilted.px.at(0, 0), [0, 0, 0, 255]);
  });

  it('turns the image upright with deg:exif', async () => {
    const upright = await processed('rotate=deg:exif', exif);
    expect([upright.px.width, upright.px.height]).toEqual([60, 80]);
    expect(upright.meta.orientation ?? 1).toBe(1);
    expectColor(upright.px.at(55, 5), RED, 12);
  });

  it('mirrors vertically with flip and horizontally with flop', async () => {
    const flipped = await processed('flip');
    expectColor(flipped.px.at(5, 5), BLUE);
    expectColor(flipped.px.at(75, 55), GREEN);
    const flopped = await processed('flop');
    expectColor(flopped.px.at(5, 5), GREEN);
    expectColor(flopped.px.at(75, 55), BLUE);
  });

  it('adds a border of width and color around the image', async () => {
    const framed = await processed('border=color:00ff00,width:5');
    expect([framed.px.width, framed.px.height]).toEqual([90, 70]);
    expectColor(framed.px.at(0, 0), GREEN);
    expectColor(framed.px.at(7, 7), RED);
    const thin = await processed('border');
    expect([thin.px.width, thin.px.height]).toEqual([84, 64]);
    expectColor(thin.px.at(0, 0), [0, 0, 0, 255]);
  });
});

describe('shapes', () => {
  it('cuts a circle: outside transparent, or the background color', async () => {
    const round = await processed('circle');
    expect(round.meta.hasAlpha).toBe(true);
    expectColor(round.px.at(1, 1), CLEAR, 0);
    expectColor(round.px.at(40, 30), WHITE);
    expectColor(round.px.at(20, 30), BLUE);
    const painted = await processed('circle=background:ff0000');
    expectColor(painted.px.at(78, 58), RED);
  });

  it('rounds the corners by radius, max making an ellipse', async () => {
    const rounded = await processed('rounded_corners=radius:20,blur:0');
    expectColor(rounded.px.at(0, 0), CLEAR, 0);
    expectColor(rounded.px.at(20, 1), RED);
    expectColor(rounded.px.at(79, 59), CLEAR, 0);
    const max = await processed('rounded_corners=radius:max');
    expectColor(max.px.at(4, 4), CLEAR, 0);
    expectColor(max.px.at(30, 2), RED);
    // Python's name for the task draws the same.
    const python = await processed('round_corners=radius:max');
    expect(python.px.all()).toEqual(max.px.all());
  });
});

describe('filters', () => {
  it('blurs edges with blur and leaves amount:0 alone', async () => {
    const blurred = await processed('blur=amount:5');
    const edge = blurred.px.at(39, 10);
    expect(edge[0]).toBeLessThan(250);
    expect(edge[1]).toBeGreaterThan(5);
    const none = await processed('blur=amount:0');
    expectColor(none.px.at(39, 10), RED, 0);
  });

  it('sharpens a soft edge until it overshoots', async () => {
    const before = await pixels((await fetchBytes(`${emu.url}/${soft}`)).bytes);
    const after = (await processed('sharpen=amount:10', soft)).px;
    const range = (px: typeof before) => {
      const row = Array.from({ length: 40 }, (_, x) => px.at(x, 5)[0]);
      return [Math.min(...row), Math.max(...row)] as const;
    };
    const [lowBefore, highBefore] = range(before);
    const [lowAfter, highAfter] = range(after);
    expect(lowAfter < lowBefore || highAfter > highBefore).toBe(true);
  });

  it('makes every pixel gray with monochrome', async () => {
    const gray = await processed('monochrome');
    for (const [r, g, b] of gray.px.all()) expect(r === g && g === b).toBe(true);
    expect(gray.px.at(75, 55)[0]).toBeGreaterThan(gray.px.at(5, 5)[0]);
  });

  it('makes every pixel black or white with blackwhite, at threshold', async () => {
    const bw = await processed('blackwhite=threshold:50');
    for (const [r, g, b] of bw.px.all()) expect([r, g, b].join()).toMatch(/^(0,0,0|255,255,255)$/);
    expectColor(bw.px.at(5, 5), [0, 0, 0, 255], 0);
    expectColor(bw.px.at(75, 55), WHITE, 0);
    const low = await processed('blackwhite=threshold:10');
    expectColor(low.px.at(5, 5), WHITE, 0);
  });

  it('tones in brown with sepia, more with a higher tone', async () => {
    const strong = (await processed('sepia=tone:100')).px.at(5, 55);
    const weak = (await processed('sepia=tone:20')).px.at(5, 55);
    // Blue turns brownish: red over green over blue.
    expect(strong[0]).toBeGreaterThan(strong[1]);
    expect(strong[1]).toBeGreaterThan(strong[2]);
    expect(weak[2]).toBeGreaterThan(strong[2]);
  });

  it('inverts colors with negative', async () => {
    const inverted = await processed('negative');
    expectColor(inverted.px.at(5, 5), [0, 255, 255, 255]);
    expectColor(inverted.px.at(75, 55), [0, 0, 0, 255]);
  });

  it('pixelates into blocks and shifts hue with modulate', async () => {
    const blocks = await processed('pixelate=amount:20');
    expect([blocks.px.width, blocks.px.height]).toEqual([80, 60]);
    expect(blocks.px.at(0, 0)).toEqual(blocks.px.at(19, 19));
    const shifted = await processed('modulate=hue:120');
    const [r, g] = shifted.px.at(5, 5);
    expect(g).toBeGreaterThan(r);
  });
});

describe('encoding', () => {
  it('converts with output=format, renaming the file', async () => {
    const webp = await processed('output=format:webp');
    expect(webp.headers.get('content-type')).toBe('image/webp');
    expect(webp.meta.format).toBe('webp');
    expect(webp.headers.get('x-file-name')).toBe('quadrants.webp');
    const jpg = await processed('output=format:jpg');
    expect(jpg.meta.format).toBe('jpeg');
    const pjpg = await processed('output=format:pjpg');
    expect(pjpg.meta.isProgressive).toBe(true);
  });

  it('flattens transparency onto output background (white for JPEG by default)', async () => {
    const onRed = await processed('circle/output=background:ff0000,format:jpg');
    expectColor(onRed.px.at(1, 1), RED, 12);
    const onWhite = await processed('circle/output=format:jpg');
    expectColor(onWhite.px.at(1, 1), WHITE, 12);
  });

  it('writes smaller files at a lower quality (output quality and the quality task)', async () => {
    const high = await processed('output=format:jpg,quality:95');
    const low = await processed('output=format:jpg,quality:5');
    expect(low.bytes.length).toBeLessThan(high.bytes.length);
    const task = await processed('quality=value:5', jpeg);
    const plain = await processed('quality=value:95', jpeg);
    expect(task.bytes.length).toBeLessThan(plain.bytes.length);
  });

  it('compresses without changing a pixel of a PNG', async () => {
    const original = (await fetchBytes(`${emu.url}/${png}`)).bytes;
    const squeezed = await processed('compress');
    expect(squeezed.meta.format).toBe('png');
    expect(squeezed.bytes.length).toBeLessThanOrEqual(original.length);
    expect(squeezed.px.all()).toEqual((await pixels(original)).all());
    const output = await processed('output=compress:true');
    expect(output.px.all()).toEqual((await pixels(original)).all());
  });

  it('keeps EXIF by default and drops it with no_metadata, compress and pjpg', async () => {
    const kept = await processed('flip', exif);
    expect(kept.meta.exif).toBeDefined();
    expect(kept.meta.orientation).toBe(6);
    for (const task of ['no_metadata', 'compress', 'pjpg', 'output=strip:true']) {
      const stripped = await processed(task, exif);
      expect(stripped.meta.exif, task).toBeUndefined();
    }
    const keep = await processed('compress=metadata:true', exif);
    expect(keep.meta.exif).toBeDefined();
  });
});

describe('chains', () => {
  it('apply in URL order', async () => {
    const rotatedFirst = await processed('rotate=deg:90/crop=dim:[0,0,30,40]');
    expect([rotatedFirst.px.width, rotatedFirst.px.height]).toEqual([30, 40]);
    expectColor(rotatedFirst.px.at(15, 20), BLUE);
    const croppedFirst = await processed('crop=dim:[0,0,30,40]/rotate=deg:90');
    expect([croppedFirst.px.width, croppedFirst.px.height]).toEqual([40, 30]);
    expectColor(croppedFirst.px.at(35, 5), RED);
    expectColor(croppedFirst.px.at(2, 5), BLUE);
  });

  it('keep repeats and encode once at the end', async () => {
    const twice = await processed('flip/output=format:webp/resize=width:40/flip');
    expect(twice.meta.format).toBe('webp');
    expect([twice.px.width, twice.px.height]).toEqual([40, 30]);
    expectColor(twice.px.at(5, 5), RED, 8);
  });

  it('answer HEAD with the length of the result and no body', async () => {
    const get = await fetchBytes(`${emu.url}/resize=width:20/${png}`);
    const head = await fetchBytes(`${emu.url}/resize=width:20/${png}`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.bytes.length).toBe(0);
    expect(head.headers.get('content-length')).toBe(String(get.bytes.length));
  });
});

describe('image size', () => {
  it('refuses to decode an image over 50 megapixels (a 10000x10000 PNG of a few KB)', async () => {
    const bomb = pngBomb(10_000, 10_000);
    expect(bomb.length).toBeLessThan(100_000);
    const handle = await upload(emu, bomb, 'bomb.png', 'image/png');
    const answer = await fetchBytes(`${emu.url}/resize=width:10/${handle}`);
    expect(answer.status).toBe(400);
    expect(answer.bytes.toString()).toBe(
      'resize: the image is 10000x10000 pixels; the emulator draws images of up to 50000000 pixels',
    );
    const size = await fetchBytes(`${emu.url}/imagesize/${handle}`);
    expect(JSON.parse(size.bytes.toString())).toEqual({ width: 10_000, height: 10_000 });
  });
});
