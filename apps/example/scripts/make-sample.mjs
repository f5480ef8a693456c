// Writes assets/sample.png, the image the demo uploads: a sunset drawn pixel by pixel here
// (a sky gradient, a sun, two mountain ridges), so the repository holds no copied picture.
// Run it again with `node scripts/make-sample.mjs`; the output is deterministic.
import { writeFileSync } from 'node:fs';
import { crc32, deflateSync } from 'node:zlib';

const WIDTH = 480;
const HEIGHT = 320;

const mix = (a, b, t) => a.map((value, i) => Math.round(value + (b[i] - value) * t));
const ridge = (x, base, amplitude, period, phase) =>
  base + amplitude * Math.sin(x / period + phase) + (amplitude / 3) * Math.sin(x / (period / 3.7));

function color(x, y) {
  const t = y / HEIGHT;
  let pixel =
    t < 0.6
      ? mix([36, 59, 125], [250, 140, 80], t / 0.6)
      : mix([250, 140, 80], [255, 200, 120], (t - 0.6) / 0.4);
  const sun = Math.hypot(x - WIDTH * 0.62, y - HEIGHT * 0.58);
  if (sun < 46) pixel = mix([255, 236, 170], [255, 214, 120], sun / 46);
  else if (sun < 70) pixel = mix([255, 214, 120], pixel, (sun - 46) / 24);
  if (y > ridge(x, HEIGHT * 0.66, 22, 60, 0.4)) pixel = mix(pixel, [92, 54, 96], 0.85);
  if (y > ridge(x, HEIGHT * 0.8, 14, 38, 2.1)) pixel = mix(pixel, [40, 26, 58], 0.9);
  return pixel;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

const header = Buffer.alloc(13);
header.writeUInt32BE(WIDTH, 0);
header.writeUInt32BE(HEIGHT, 4);
header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
const stride = 1 + WIDTH * 3;
const rows = Buffer.alloc(HEIGHT * stride);
for (let y = 0; y < HEIGHT; y++) {
  for (let x = 0; x < WIDTH; x++) rows.set(color(x, y), y * stride + 1 + x * 3);
}
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(rows, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
writeFileSync(new URL('../assets/sample.png', import.meta.url), png);
console.log(`assets/sample.png: ${WIDTH}x${HEIGHT}, ${png.length} bytes`);
