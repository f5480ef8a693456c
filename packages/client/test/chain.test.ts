import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Client, Filelink, Security, TaskChain, Transformation } from '../src/index.js';

/*
 * One chain method per task of @fs/transform's catalog, named as the Python SDK names it
 * (camelCase) plus the tasks only filestack-js has, and the URLs the Python SDK writes for the
 * same calls. Pure URL building: no request is sent.
 */

const HANDLE = 'aBcDeFgHiJkLmNoPqRsT';
const OTHER = 'ZyXwVuTsRqPoNmLkJiHg';
const CDN = 'https://cdn.filestackcontent.com';
const fl = new Filelink(HANDLE);

/** Method, a call, and the task segment it must write. */
const CHAIN: ReadonlyArray<[string, (f: TaskChain) => Transformation, string]> = [
  ['flip', (f) => f.flip(), 'flip'],
  ['flop', (f) => f.flop(), 'flop'],
  ['autoImage', (f) => f.autoImage(), 'auto_image'],
  ['noMetadata', (f) => f.noMetadata(), 'no_metadata'],
  ['redeye', (f) => f.redeye(), 'redeye'],
  ['monochrome', (f) => f.monochrome(), 'monochrome'],
  ['negative', (f) => f.negative(), 'negative'],
  ['imagesize', (f) => f.imagesize(), 'imagesize'],
  ['compress', (f) => f.compress({ metadata: true }), 'compress=metadata:true'],
  ['enhance', (f) => f.enhance({ preset: 'vivid' }), 'enhance=preset:vivid'],
  ['smartCrop', (f) => f.smartCrop({ width: 10, height: 20 }), 'smart_crop=height:20,width:10'],
  ['animate', (f) => f.animate({ delay: 500 }), 'animate=delay:500'],
  ['resize', (f) => f.resize({ width: 400 }), 'resize=width:400'],
  ['crop', (f) => f.crop({ dim: [1, 2, 3, 4] }), 'crop=dim:[1,2,3,4]'],
  ['rotate', (f) => f.rotate({ deg: 90 }), 'rotate=deg:90'],
  ['detectFaces', (f) => f.detectFaces({ export: true }), 'detect_faces=export:true'],
  ['cropFaces', (f) => f.cropFaces({ mode: 'fill' }), 'crop_faces=mode:fill'],
  ['pixelateFaces', (f) => f.pixelateFaces({ amount: 20 }), 'pixelate_faces=amount:20'],
  ['blurFaces', (f) => f.blurFaces({ blur: 8 }), 'blur_faces=blur:8'],
  ['roundCorners', (f) => f.roundCorners({ radius: 100 }), 'rounded_corners=radius:100'],
  ['vignette', (f) => f.vignette({ amount: 40 }), 'vignette=amount:40'],
  ['polaroid', (f) => f.polaroid({ rotate: 10 }), 'polaroid=rotate:10'],
  ['tornEdges', (f) => f.tornEdges({ spread: [5, 20] }), 'torn_edges=spread:[5,20]'],
  ['shadow', (f) => f.shadow({ blur: 5 }), 'shadow=blur:5'],
  ['circle', (f) => f.circle(), 'circle'],
  ['border', (f) => f.border({ width: 3 }), 'border=width:3'],
  ['sharpen', (f) => f.sharpen({ amount: 5 }), 'sharpen=amount:5'],
  ['blur', (f) => f.blur({ amount: 5 }), 'blur=amount:5'],
  ['blackwhite', (f) => f.blackwhite({ threshold: 60 }), 'blackwhite=threshold:60'],
  ['sepia', (f) => f.sepia({ tone: 80 }), 'sepia=tone:80'],
  ['pixelate', (f) => f.pixelate({ amount: 10 }), 'pixelate=amount:10'],
  ['oilPaint', (f) => f.oilPaint({ amount: 4 }), 'oil_paint=amount:4'],
  ['modulate', (f) => f.modulate({ brightness: 150 }), 'modulate=brightness:150'],
  ['ascii', (f) => f.ascii({ size: 100 }), 'ascii=size:100'],
  [
    'collage',
    (f) => f.collage({ files: [OTHER], width: 800, height: 600 }),
    `collage=files:[${OTHER}],height:600,width:800`,
  ],
  ['upscale', (f) => f.upscale({ noise: 'low' }), 'upscale=noise:low'],
  ['pjpg', (f) => f.pjpg({ quality: 80 }), 'pjpg=quality:80'],
  ['quality', (f) => f.quality({ value: 75 }), 'quality=value:75'],
  ['watermark', (f) => f.watermark({ file: OTHER }), `watermark=file:${OTHER}`],
  [
    'partialBlur',
    (f) => f.partialBlur({ objects: [[1, 2, 3, 4]] }),
    'partial_blur=objects:[[1,2,3,4]]',
  ],
  [
    'partialPixelate',
    (f) => f.partialPixelate({ objects: [[1, 2, 3, 4]] }),
    'partial_pixelate=objects:[[1,2,3,4]]',
  ],
  ['filetypeConversion', (f) => f.filetypeConversion({ format: 'webp' }), 'output=format:webp'],
  ['pdfInfo', (f) => f.pdfInfo({ colorinfo: true }), 'pdfinfo=colorinfo:true'],
  ['pdfConvert', (f) => f.pdfConvert({ pages: [1, 2] }), 'pdfconvert=pages:[1,2]'],
  ['docToImages', (f) => f.docToImages({ pages: [1] }), 'doc_to_images=pages:[1]'],
  ['pdfCreate', (f) => f.pdfCreate(), 'pdfcreate'],
  ['minifyJs', (f) => f.minifyJs({ gzip: true }), 'minify_js=gzip:true'],
  ['minifyCss', (f) => f.minifyCss({ level: 2 }), 'minify_css=level:2'],
  [
    'preview',
    (f) => f.preview({ css: 'https://example.com/v.css' }),
    'preview=css:%22https://example.com/v.css%22',
  ],
  ['cache', (f) => f.cache({ expiry: 3600 }), 'cache=expiry:3600'],
  ['fallback', (f) => f.fallback({ handle: OTHER }), `fallback=handle:${OTHER}`],
  ['task', (f) => f.task('caption'), 'caption'],
];

/** A task of `@fs/transform`'s catalog, with the names the Python SDK and filestack-js give it. */
interface CatalogEntry {
  name: string;
  sdkMethod: string | null;
  jsMethod: string | null;
}

/** The catalog `@fs/transform` generates its tasks from, read where the package is installed. */
const CATALOG: readonly CatalogEntry[] = JSON.parse(
  readFileSync(
    join(
      dirname(createRequire(import.meta.url).resolve('@fs/transform/package.json')),
      'catalog',
      'transform-tasks.json',
    ),
    'utf8',
  ),
);

/** A class of the client and the name of one of its methods, e.g. `['TaskChain', 'flip']`. */
type Place = readonly [owner: string, method: string];

const CLASSES: Record<string, { prototype: object }> = {
  Client,
  Filelink,
  TaskChain,
  Transformation,
};
const isMethod = ([owner, method]: Place) =>
  typeof (CLASSES[owner]?.prototype as Record<string, unknown> | undefined)?.[method] ===
  'function';

/**
 * Tasks the client offers elsewhere than a chain method named after the Python SDK's (see the
 * README's "One method per task").
 */
const ELSEWHERE: Record<string, readonly Place[]> = {
  // Python: av_convert, on a Filelink; a Transformation converts its source too.
  video_convert: [
    ['Filelink', 'avConvert'],
    ['Transformation', 'avConvert'],
  ],
  store: [['Transformation', 'store']],
  // Python: Security.as_url_string; here the policy goes into the URL signedUrl() writes.
  security: [['TaskChain', 'signedUrl']],
  // Python writes pdfcreate.
  pdfcreate: [['TaskChain', 'pdfCreate']],
  // Neither SDK has a method; the file's metadata is a request of its own.
  metadata: [['Filelink', 'metadata']],
};

/** The property names of `prototype` and of the prototypes it inherits from, up to Object's. */
function namesOnPrototypes(prototype: object): string[] {
  const names: string[] = [];
  for (let p = prototype; p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    names.push(...Object.getOwnPropertyNames(p));
  }
  return names;
}

const camel = (name: string) =>
  name.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());

/**
 * Where the client must offer a catalog task: the Python name in camelCase on every chain
 * (`filetype_conversion` is `filetypeConversion`; `Client.urlscreenshot` on the Client), the
 * filestack-js name for the tasks only filestack-js has, else what ELSEWHERE says.
 */
function placesOf(entry: CatalogEntry): readonly Place[] {
  const elsewhere = ELSEWHERE[entry.name];
  if (elsewhere) return elsewhere;
  const name = entry.sdkMethod ?? entry.jsMethod ?? `<no method for ${entry.name}>`;
  const [owner, method] = name.includes('.') ? name.split('.') : ['TaskChain', name];
  return [[owner!, camel(method!)]];
}

describe('chain methods', () => {
  it.each(CHAIN)(
    '%s writes its task, on a Filelink and on a Transformation',
    (_, call, segment) => {
      expect(call(fl).url).toBe(`${CDN}/${segment}/${HANDLE}`);
      expect(call(fl.flip()).url).toBe(`${CDN}/flip/${segment}/${HANDLE}`);
    },
  );

  it('exist for every task of the catalog, named after Python (or filestack-js) or where the README says', () => {
    const missing = CATALOG.flatMap((entry) =>
      placesOf(entry)
        .filter((place) => !isMethod(place))
        .map(([owner, method]) => `${entry.name}: ${owner}.${method}`),
    );
    expect(missing).toEqual([]);
  });

  it('are each a catalog task (or task()) and each have a URL case above', () => {
    const reads = ['chain', 'apikey', 'security', 'url', 'signedUrl', 'toString'];
    const requests = ['getContent', 'getJson', 'download'];
    const methods = namesOnPrototypes(TaskChain.prototype).filter(
      (name) => name !== 'constructor' && !reads.includes(name) && !requests.includes(name),
    );
    const catalogMethods = new Set(
      CATALOG.flatMap(placesOf)
        .filter(([owner]) => owner === 'TaskChain')
        .map(([, method]) => method),
    );
    expect(methods.filter((name) => name !== 'task' && !catalogMethods.has(name))).toEqual([]);
    // tags, sfw and ocr send a request rather than write a step; zip has a case of its own.
    const written = new Set([...CHAIN.map(([name]) => name), 'tags', 'sfw', 'ocr', 'zip']);
    expect(methods.filter((name) => !written.has(name))).toEqual([]);
  });

  it('zip is a chain step too, and its URL carries the API key', () => {
    expect(new Filelink(HANDLE, { apikey: 'KEY' }).zip().url).toBe(`${CDN}/KEY/zip/${HANDLE}`);
  });
});

describe('URLs equal the Python SDK for the same calls', () => {
  const security = new Security({ expiry: 253381964415, call: ['read'] }, 'SECURITY-SECRET');
  const signed = `security=p:${security.policyB64},s:${security.signature}`;

  it('Filelink.url is the unsigned CDN URL and signedUrl() puts the policy before the handle', () => {
    const filelink = new Filelink(HANDLE, { security });
    expect(filelink.url).toBe(`${CDN}/${HANDLE}`);
    expect(filelink.signedUrl()).toBe(`${CDN}/${signed}/${HANDLE}`);
  });

  it('a signed chain writes the policy after the tasks, just before the source', () => {
    const t = new Filelink(HANDLE, { security }).resize({ width: 400 }).flip();
    expect(t.url).toBe(`${CDN}/resize=width:400/flip/${HANDLE}`);
    expect(t.signedUrl()).toBe(`${CDN}/resize=width:400/flip/${signed}/${HANDLE}`);
  });

  it('transformExternal writes the API key before the tasks', () => {
    const client = new Client('APIKEY');
    expect(
      client.transformExternal('https://example.com/a.jpg').resize({ width: 500, height: 500 }).url,
    ).toBe(`${CDN}/APIKEY/resize=height:500,width:500/https://example.com/a.jpg`);
  });

  it('urlscreenshot is APIKEY/urlscreenshot=.../<page url>', () => {
    const client = new Client('APIKEY');
    expect(client.urlscreenshot('https://www.example.com', { agent: 'mobile' }).url).toBe(
      `${CDN}/APIKEY/urlscreenshot=agent:mobile/https://www.example.com`,
    );
    expect(client.urlscreenshot('https://www.example.com').url).toBe(
      `${CDN}/APIKEY/urlscreenshot/https://www.example.com`,
    );
  });

  it('a per-call policy wins over the inherited one in signedUrl(security)', () => {
    const other = new Security({ expiry: 253381964415 }, 'OTHER-SECRET');
    const filelink = new Filelink(HANDLE, { security });
    expect(filelink.signedUrl(other)).toBe(
      `${CDN}/security=p:${other.policyB64},s:${other.signature}/${HANDLE}`,
    );
    const data = { policy: 'eyJleHBpcnkiOiAxfQ==', signature: 'ab'.repeat(32) };
    expect(filelink.signedUrl(data)).toBe(
      `${CDN}/security=p:${data.policy},s:${data.signature}/${HANDLE}`,
    );
  });

  it('cname swaps the domain in every URL, and urls.cdn replaces the CDN origin', () => {
    expect(new Client('KEY', { cname: 'files.example.com' }).filelink(HANDLE).flip().url).toBe(
      `https://cdn.files.example.com/flip/${HANDLE}`,
    );
    expect(new Filelink(HANDLE, { urls: { cdn: 'http://127.0.0.1:9' } }).url).toBe(
      `http://127.0.0.1:9/${HANDLE}`,
    );
  });
});
