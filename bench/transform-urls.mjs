// Builds 10,000 processing URLs with @fs/transform and, beside it, with filestack-js (the
// official SDK, as a referee). A script, not a test:
//
//   pnpm --filter @fs/transform build && pnpm --filter @fs/bench transform-urls
//
// Each URL differs (width, handle), so nothing is cached between iterations.
import { performance } from 'node:perf_hooks';

const COUNT = 10_000;
const POLICY = 'eyJleHBpcnkiOjE2MTcyMjgwMDB9';
const SIGNATURE = '8ff61ba46198ad2778933e578e62fdf37ca4e28193655e8cd04f775598165f90';
const handle = (i) => `aBcDeFgHiJkLmNo${String(i).padStart(5, '0')}`;

const fs = await import('../packages/transform/dist/index.js').catch(() => {
  console.error('Build @fs/transform first: pnpm --filter @fs/transform build');
  process.exit(1);
});
const { transformUrl, parseTransformUrl, resize, flip, output } = fs;

/** Runs `build(i)` COUNT times after a warm-up; returns milliseconds for the timed run. */
function time(build) {
  for (let i = 0; i < 1000; i++) build(i);
  const start = performance.now();
  let length = 0;
  for (let i = 0; i < COUNT; i++) length += build(i).length;
  const ms = performance.now() - start;
  if (length === 0) throw new Error('nothing built');
  return ms;
}

const rows = [
  [
    '@fs/transform: handle, resize + security',
    time((i) =>
      transformUrl(handle(i), [resize({ width: 100 + (i % 900) })], {
        security: { policy: POLICY, signature: SIGNATURE },
      }),
    ),
  ],
  [
    '@fs/transform: external URL, 3 tasks',
    time((i) =>
      transformUrl(
        `https://example.com/photos/${i}.jpg?v=2`,
        [
          flip(),
          resize({ width: 100 + (i % 900), fit: 'crop', align: ['top', 'center'] }),
          output({ format: 'webp' }),
        ],
        { apikey: 'KEY' },
      ),
    ),
  ],
  [
    '@fs/transform: parseTransformUrl',
    time((i) =>
      JSON.stringify(
        parseTransformUrl(
          `https://cdn.filestackcontent.com/resize=width:${100 + (i % 900)}/security=p:${POLICY},s:${SIGNATURE}/${handle(i)}`,
        ),
      ),
    ),
  ],
];

try {
  const { Filelink } = await import('filestack-js');
  rows.push([
    'filestack-js: handle, resize + security',
    time((i) =>
      new Filelink(handle(i), 'KEY')
        .resize({ width: 100 + (i % 900) })
        .security({ policy: POLICY, signature: SIGNATURE })
        .toString(),
    ),
  ]);
} catch (error) {
  rows.push([`filestack-js: not available (${error.message})`, Number.NaN]);
}

console.log(`${COUNT.toLocaleString('en')} URLs each`);
for (const [name, ms] of rows) {
  const perUrl = (ms * 1000) / COUNT;
  console.log(
    `${name.padEnd(44)} ${ms.toFixed(1).padStart(8)} ms  ${perUrl.toFixed(2).padStart(7)} µs/URL`,
  );
}
const [ours] = rows;
if (!(ours[1] < 1000)) {
  console.error(`Building ${COUNT} URLs took ${ours[1].toFixed(0)} ms: over the 1 s budget.`);
  process.exit(1);
}
