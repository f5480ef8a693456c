import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as transform from '../src/index.js';
import {
  animate,
  ascii,
  autoImage,
  blackwhite,
  blur,
  blurFaces,
  border,
  cache,
  circle,
  collage,
  compress,
  crop,
  cropFaces,
  detectFaces,
  docToImages,
  enhance,
  fallback,
  flip,
  flop,
  imagesize,
  metadata,
  minifyCss,
  minifyJs,
  modulate,
  monochrome,
  negative,
  noMetadata,
  ocr,
  oilPaint,
  output,
  parseTransformUrl,
  partialBlur,
  partialPixelate,
  pdfconvert,
  pdfcreate,
  pdfinfo,
  pixelate,
  pixelateFaces,
  pjpg,
  polaroid,
  preview,
  quality,
  redeye,
  resize,
  rotate,
  roundedCorners,
  security,
  sepia,
  sfw,
  shadow,
  sharpen,
  smartCrop,
  store,
  type Task,
  tags,
  tornEdges,
  transformUrl,
  upscale,
  urlscreenshot,
  videoConvert,
  vignette,
  watermark,
  zip,
} from '../src/index.js';

const HANDLE = 'aBcDeFgHiJkLmNoPqRsT';
const POLICY = 'eyJjYWxsIjogWyJyZWFkIl0sICJleHBpcnkiOiAxMDIzODIzOX0=';
const SIGNATURE = '858d1ee9c0a1f06283e495f78dc7950ff6e64136ce960465f35539791fcd486b';

const catalog = JSON.parse(
  readFileSync(new URL('../catalog/transform-tasks.json', import.meta.url), 'utf8'),
) as { name: string }[];

/**
 * One row per catalog task (some tasks have several): the factory call and the URL segment it
 * must produce, written out by hand from the grammar (sorted keys, quoting, percent-encoding).
 */
const TABLE: [task: string, make: () => Task, segment: string][] = [
  ['flip', () => flip(), 'flip'],
  ['flop', () => flop(), 'flop'],
  ['auto_image', () => autoImage(), 'auto_image'],
  ['no_metadata', () => noMetadata(), 'no_metadata'],
  ['redeye', () => redeye(), 'redeye'],
  ['monochrome', () => monochrome(), 'monochrome'],
  ['negative', () => negative(), 'negative'],
  ['tags', () => tags(), 'tags'],
  ['sfw', () => sfw(), 'sfw'],
  ['imagesize', () => imagesize(), 'imagesize'],
  ['ocr', () => ocr(), 'ocr'],
  ['compress', () => compress(), 'compress'],
  ['compress', () => compress({ metadata: true }), 'compress=metadata:true'],
  ['enhance', () => enhance(), 'enhance'],
  ['enhance', () => enhance({ preset: 'fix_dark' }), 'enhance=preset:fix_dark'],
  [
    'smart_crop',
    () =>
      smartCrop({ mode: 'face', width: 400, height: 300, fill_color: 'FFFFFFFF', coords: false }),
    'smart_crop=coords:false,fill_color:FFFFFFFF,height:300,mode:face,width:400',
  ],
  [
    'animate',
    () =>
      animate({
        delay: 1000,
        loop: 0,
        width: 200,
        height: 300,
        fit: 'scale',
        background: 'transparent',
        align: ['top', 'center'],
      }),
    'animate=align:[top,center],background:transparent,delay:1000,fit:scale,height:300,loop:0,width:200',
  ],
  ['resize', () => resize({ width: 500, height: 500 }), 'resize=height:500,width:500'],
  [
    'resize',
    () => resize({ height: 20, fit: 'max', align: 'faces' }),
    'resize=align:faces,fit:max,height:20',
  ],
  ['crop', () => crop({ dim: [20, 20, 250, 250] }), 'crop=dim:[20,20,250,250]'],
  [
    'rotate',
    () => rotate({ deg: 'exif', exif: false, background: 'ff0000' }),
    'rotate=background:ff0000,deg:exif,exif:false',
  ],
  ['rotate', () => rotate({ deg: 90 }), 'rotate=deg:90'],
  ['detect_faces', () => detectFaces(), 'detect_faces'],
  [
    'detect_faces',
    () => detectFaces({ minsize: 0.25, maxsize: 0.55, export: true, color: 'red' }),
    'detect_faces=color:red,export:true,maxsize:0.55,minsize:0.25',
  ],
  [
    'crop_faces',
    () =>
      cropFaces({
        faces: [1, 2],
        width: 200,
        height: 200,
        buffer: 50,
        mode: 'crop',
        minsize: 0.35,
        maxsize: 200,
      }),
    'crop_faces=buffer:50,faces:[1,2],height:200,maxsize:200,minsize:0.35,mode:crop,width:200',
  ],
  [
    'pixelate_faces',
    () =>
      pixelateFaces({
        faces: 'all',
        amount: 20,
        blur: 4.5,
        type: 'oval',
        buffer: 10,
        minsize: 10,
        maxsize: 300,
      }),
    'pixelate_faces=amount:20,blur:4.5,buffer:10,faces:all,maxsize:300,minsize:10,type:oval',
  ],
  [
    'blur_faces',
    () => blurFaces({ faces: 3, amount: 5.5, blur: 10, type: 'rect' }),
    'blur_faces=amount:5.5,blur:10,faces:3,type:rect',
  ],
  [
    'rounded_corners',
    () => roundedCorners({ radius: 'max', blur: 0.5, background: 'white' }),
    'rounded_corners=background:white,blur:0.5,radius:max',
  ],
  [
    'vignette',
    () => vignette({ amount: 40, blurmode: 'linear', background: '000' }),
    // Digit-only text reads as a number when bare, so the value rule quotes it (%22 = ").
    'vignette=amount:40,background:%22000%22,blurmode:linear',
  ],
  [
    'polaroid',
    () => polaroid({ rotate: 45, color: 'snow', background: 'gray50' }),
    'polaroid=background:gray50,color:snow,rotate:45',
  ],
  [
    'torn_edges',
    () => tornEdges({ spread: [5, 20], background: 'white' }),
    'torn_edges=background:white,spread:[5,20]',
  ],
  [
    'shadow',
    () => shadow({ blur: 5, opacity: 60, vector: [-4, 4], color: 'black', background: 'white' }),
    'shadow=background:white,blur:5,color:black,opacity:60,vector:[-4,4]',
  ],
  ['circle', () => circle({ background: 'red' }), 'circle=background:red'],
  [
    'border',
    () => border({ width: 5, color: '000000', background: 'FFFFFF' }),
    'border=background:FFFFFF,color:%22000000%22,width:5',
  ],
  ['sharpen', () => sharpen({ amount: 5 }), 'sharpen=amount:5'],
  ['blur', () => blur({ amount: 20 }), 'blur=amount:20'],
  ['blackwhite', () => blackwhite({ threshold: 60 }), 'blackwhite=threshold:60'],
  ['sepia', () => sepia({ tone: 70 }), 'sepia=tone:70'],
  ['pixelate', () => pixelate({ amount: 10 }), 'pixelate=amount:10'],
  ['oil_paint', () => oilPaint({ amount: 5 }), 'oil_paint=amount:5'],
  [
    'modulate',
    () => modulate({ brightness: 120, saturation: 80, hue: 359 }),
    'modulate=brightness:120,hue:359,saturation:80',
  ],
  [
    'ascii',
    () =>
      ascii({ background: 'black', foreground: 'black', colored: true, size: 100, reverse: true }),
    'ascii=background:black,colored:true,foreground:black,reverse:true,size:100',
  ],
  [
    'collage',
    () =>
      collage({
        files: [HANDLE, 'https://example.com/b.jpg'],
        width: 800,
        height: 600,
        margin: 10,
        color: 'white',
        fit: 'crop',
        autorotate: true,
      }),
    `collage=autorotate:true,color:white,files:[${HANDLE},%22https://example.com/b.jpg%22],fit:crop,height:600,margin:10,width:800`,
  ],
  [
    'upscale',
    () => upscale({ upscale: false, noise: 'low', style: 'artwork' }),
    'upscale=noise:low,style:artwork,upscale:false',
  ],
  ['pjpg', () => pjpg({ quality: 50, metadata: false }), 'pjpg=metadata:false,quality:50'],
  ['quality', () => quality({ value: 75 }), 'quality=value:75'],
  [
    'watermark',
    () => watermark({ file: HANDLE, size: 30, position: ['bottom', 'right'] }),
    `watermark=file:${HANDLE},position:[bottom,right],size:30`,
  ],
  [
    'partial_blur',
    () => partialBlur({ objects: [[20, 20, 50, 50]], amount: 5 }),
    'partial_blur=amount:5,objects:[[20,20,50,50]]',
  ],
  [
    'partial_pixelate',
    () =>
      partialPixelate({
        amount: 10,
        blur: 10,
        type: 'rect',
        objects: [
          [1, 2, 3, 4],
          [5, 6, 7, 8],
        ],
      }),
    'partial_pixelate=amount:10,blur:10,objects:[[1,2,3,4],[5,6,7,8]],type:rect',
  ],
  [
    'output',
    () => output({ format: 'webp', quality: 'input', compress: true }),
    'output=compress:true,format:webp,quality:input',
  ],
  ['pdfinfo', () => pdfinfo(), 'pdfinfo'],
  ['pdfinfo', () => pdfinfo({ colorinfo: true }), 'pdfinfo=colorinfo:true'],
  [
    'pdfconvert',
    () =>
      pdfconvert({
        pages: [1, '3-5', '-2', '7-'],
        pageorientation: 'landscape',
        pageformat: 'a4',
        metadata: true,
      }),
    // "-2" reads as a number when bare, so the value rule quotes it.
    'pdfconvert=metadata:true,pageformat:a4,pageorientation:landscape,pages:[1,3-5,%22-2%22,7-]',
  ],
  [
    'doc_to_images',
    () =>
      docToImages({
        pages: [1],
        engine: 'imagemagick',
        format: 'png',
        quality: 100,
        density: 100,
        hidden_slides: false,
      }),
    // The string the Python SDK produces for tests/tasks_test.py::test_doc_to_images.
    'doc_to_images=density:100,engine:imagemagick,format:png,hidden_slides:false,pages:[1],quality:100',
  ],
  ['pdfcreate', () => pdfcreate({ engine: 'mupdf' }), 'pdfcreate=engine:mupdf'],
  [
    'video_convert',
    () =>
      videoConvert({
        preset: 'h264.hi',
        width: 500,
        height: 500,
        aspect_mode: 'letterbox',
        clip_length: '00:01:30',
        audio_codec: 'libfdk_aac',
      }),
    'video_convert=aspect_mode:letterbox,audio_codec:libfdk_aac,clip_length:00:01:30,height:500,preset:h264.hi,width:500',
  ],
  ['store', () => store(), 'store'],
  ['store', () => store({ path: 'a.jpg' }), 'store=path:%22a.jpg%22'],
  [
    'store',
    () =>
      store({ workflows: ['w1', 'w2'], access: 'public', region: 'us-east-1', base64decode: true }),
    'store=access:public,base64decode:true,region:us-east-1,workflows:[w1,w2]',
  ],
  [
    'security',
    () => security({ policy: POLICY, signature: SIGNATURE }),
    `security=p:${POLICY},s:${SIGNATURE}`,
  ],
  ['cache', () => cache(), 'cache'],
  ['cache', () => cache({ expiry: 3600 }), 'cache=expiry:3600'],
  ['cache', () => cache({ expiry: 'max' }), 'cache=expiry:max'],
  ['cache', () => cache({ false: true }), 'cache=false:true'],
  ['fallback', () => fallback({ handle: HANDLE, cache: 12 }), `fallback=cache:12,handle:${HANDLE}`],
  ['zip', () => zip(), 'zip'],
  ['metadata', () => metadata(), 'metadata'],
  ['metadata', () => metadata({ params: ['width', 'height'] }), 'metadata=params:[width,height]'],
  ['urlscreenshot', () => urlscreenshot(), 'urlscreenshot'],
  [
    'urlscreenshot',
    () =>
      urlscreenshot({
        agent: 'mobile',
        mode: 'window',
        width: 375,
        height: 812,
        delay: 500,
        orientation: 'portrait',
        device: 'iPhone X',
      }),
    'urlscreenshot=agent:mobile,delay:500,device:iPhone%20X,height:812,mode:window,orientation:portrait,width:375',
  ],
  [
    'minify_js',
    () =>
      minifyJs({
        gzip: false,
        use_babel_polyfill: true,
        keep_fn_name: true,
        keep_class_name: true,
        mangle: true,
        merge_vars: false,
        remove_console: true,
        remove_undefined: false,
        targets: 'not dead,> 1%',
      }),
    'minify_js=gzip:false,keep_class_name:true,keep_fn_name:true,mangle:true,merge_vars:false,remove_console:true,remove_undefined:false,targets:%22not%20dead,%3E%201%25%22,use_babel_polyfill:true',
  ],
  ['minify_css', () => minifyCss({ gzip: true, level: 2 }), 'minify_css=gzip:true,level:2'],
  [
    'preview',
    () => preview({ css: 'https://example.com/viewer.css' }),
    'preview=css:%22https://example.com/viewer.css%22',
  ],
];

const camel = (name: string) => name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

describe('the task catalog', () => {
  it('has a factory named as the camelCase task name for every one of the 60 tasks', () => {
    expect(catalog).toHaveLength(60);
    for (const { name } of catalog) {
      expect(typeof (transform as Record<string, unknown>)[camel(name)], name).toBe('function');
    }
  });

  it('has a serialisation row for every task', () => {
    const covered = new Set(TABLE.map(([name]) => name));
    expect(catalog.map(({ name }) => name).filter((name) => !covered.has(name))).toEqual([]);
  });
});

describe('every task serialises as the grammar says', () => {
  it.each(TABLE)('%s: %s', (name, make, segment) => {
    const step = make();
    expect(step.name).toBe(name);
    const url = transformUrl(HANDLE, [step], { apikey: 'KEY' });
    const key = name === 'zip' ? 'KEY/' : '';
    expect(url).toBe(`https://cdn.filestackcontent.com/${key}${segment}/${HANDLE}`);
    // And the URL reads back to the same task.
    const parsed = parseTransformUrl(url);
    const back =
      name === 'security' ? { name, params: { p: POLICY, s: SIGNATURE } } : parsed.tasks[0];
    if (name === 'security')
      expect(parsed.security).toEqual({ policy: POLICY, signature: SIGNATURE });
    expect(back).toEqual(step.params && Object.keys(step.params).length ? step : { name });
  });
});

describe('factories', () => {
  it('drop parameters given as undefined', () => {
    expect(transformUrl(HANDLE, [resize({ width: 10, height: undefined })])).toBe(
      `https://cdn.filestackcontent.com/resize=width:10/${HANDLE}`,
    );
  });

  it('copy their parameters, so reusing an options object does not change earlier tasks', () => {
    const options: { width: number } = { width: 100 };
    const first = resize(options);
    options.width = 200;
    expect(transformUrl(HANDLE, [first, resize(options)])).toBe(
      `https://cdn.filestackcontent.com/resize=width:100/resize=width:200/${HANDLE}`,
    );
  });

  it('write a task with only absent parameters bare', () => {
    expect(transformUrl(HANDLE, [blur({ amount: undefined })])).toBe(
      `https://cdn.filestackcontent.com/blur/${HANDLE}`,
    );
  });
});
