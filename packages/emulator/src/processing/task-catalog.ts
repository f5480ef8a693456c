/**
 * The emulator's own catalog of processing tasks: names, parameters with their types, and the
 * one-letter aliases the docs list. Written from the protocol (60 tasks,
 * docs/protocol.md#tasks-and-parameters) plus the alias letters the PHP SDK sends; it imports
 * nothing from the SDK, so the SDK and the emulator check each other.
 *
 * Parameter rules are a small grammar read by `task-params.ts`:
 * - `int 1..100`, `num 0..20` (either bound may be left out), `bool`, `str`, `color`, `any`;
 * - `duration` (`hh[:mm[:ss]]`), `pagerange` (`3`, `1-3`, `-2`, `4-`);
 * - a bare word is a literal (an enum value): `clip|crop|scale|max`;
 * - `a|b` is either; `[X]` a list of X; `[X,Y]` a tuple.
 */

/** One task of the catalog. */
export interface TaskSpec {
  /** Parameter name -> rule. Absent: the task takes no parameters. */
  params?: Record<string, string>;
  /** Space-separated `alias:name` pairs, e.g. `w:width h:height`. */
  aliases?: string;
  /** Parameters that must be given. */
  required?: readonly string[];
  /** At least one of these must be given. */
  oneOf?: readonly string[];
  /** Parameters are not checked (tasks the docs name but the catalog does not describe). */
  open?: true;
}

const ALIGN = 'top|middle|bottom|left|center|right|faces|[top|middle|bottom,left|center|right]';
const FACES = 'all|int 1..1000|[int 1..1000]';
const AREA = '[[int 0..10000,int 0..10000,int 1..10000,int 1..10000]]';
const LOCATION = 's3|S3|rackspace|gcs|azure|dropbox';
const PAGE_FORMAT = 'a2|a3|a4|a5|b4|b5|letter|legal|tabloid';

/** Every task the CDN knows, by URL name. */
export const TASK_CATALOG: Record<string, TaskSpec> = {
  flip: {},
  flop: {},
  auto_image: {},
  no_metadata: {},
  redeye: {},
  monochrome: {},
  negative: {},
  tags: {},
  sfw: {},
  imagesize: {},
  ocr: {},
  compress: { params: { metadata: 'bool' }, aliases: 'm:metadata' },
  enhance: {
    params: {
      preset: 'auto|vivid|beautify|beautify_plus|fix_dark|fix_noise|fix_tint|outdoor|fireworks',
    },
  },
  smart_crop: {
    params: {
      mode: 'face|auto',
      width: 'int 0..10000',
      height: 'int 0..10000',
      fill_color: 'color',
      coords: 'any',
    },
  },
  animate: {
    params: {
      delay: 'int 0..10000',
      loop: 'int 0..1000',
      width: 'int 1..1800',
      height: 'int 1..1800',
      fit: 'clip|scale|crop',
      background: 'color',
      align: ALIGN,
    },
  },
  // Width and height: the catalog says 0..10000, the docs 1..10000 (0 cannot be drawn).
  resize: {
    params: {
      width: 'num 1..10000',
      height: 'num 1..10000',
      fit: 'clip|crop|scale|max',
      align: ALIGN,
    },
    aliases: 'w:width h:height f:fit a:align',
    oneOf: ['width', 'height'],
  },
  crop: {
    params: { dim: '[int 0..100000,int 0..100000,int 1..100000,int 1..100000]' },
    aliases: 'd:dim',
    required: ['dim'],
  },
  rotate: {
    params: { deg: 'num 0..359|exif', exif: 'bool', background: 'color' },
    aliases: 'b:background d:deg e:exif',
  },
  // PHP also spells the sizes minSize/maxSize.
  detect_faces: {
    params: { minsize: 'num 0..10000', maxsize: 'num 0..10000', export: 'bool', color: 'color' },
    aliases: 'c:color e:export n:minsize N:maxsize minSize:minsize maxSize:maxsize',
  },
  crop_faces: {
    params: {
      faces: FACES,
      width: 'num 1..10000',
      height: 'num 1..10000',
      maxsize: 'num 0..10000',
      minsize: 'num 0..10000',
      buffer: 'int 0..10000',
      mode: 'crop|thumb|fill',
    },
  },
  pixelate_faces: {
    params: {
      faces: FACES,
      minsize: 'num 0..10000',
      maxsize: 'num 0..10000',
      buffer: 'int 0..10000',
      amount: 'int 2..100',
      blur: 'num 0..20',
      type: 'rect|oval',
    },
  },
  blur_faces: {
    params: {
      faces: FACES,
      minsize: 'num 0..10000',
      maxsize: 'num 0..10000',
      buffer: 'int 0..10000',
      amount: 'num 0..10',
      blur: 'num 0..20',
      type: 'rect|oval',
    },
  },
  rounded_corners: {
    params: { radius: 'int 1..10000|max', blur: 'num 0..20', background: 'color' },
    aliases: 'b:background l:blur r:radius',
  },
  vignette: {
    params: { amount: 'int 0..100', blurmode: 'gaussian|linear', background: 'color' },
    aliases: 'a:amount b:background m:blurmode',
  },
  polaroid: {
    params: { rotate: 'int 0..359', color: 'color', background: 'color' },
    aliases: 'b:background c:color r:rotate',
  },
  torn_edges: {
    params: { spread: '[int 1..10000,int 1..10000]', background: 'color' },
    aliases: 'b:background s:spread',
  },
  shadow: {
    params: {
      blur: 'num 0..20',
      opacity: 'int 0..100',
      vector: '[int -1000..1000,int -1000..1000]',
      color: 'color',
      background: 'color',
    },
    aliases: 'b:background l:blur o:opacity v:vector',
  },
  circle: { params: { background: 'color' }, aliases: 'b:background' },
  border: {
    params: { width: 'int 0..1000', color: 'color', background: 'color' },
    aliases: 'b:background c:color w:width',
  },
  sharpen: { params: { amount: 'int 0..20' }, aliases: 'a:amount' },
  blur: { params: { amount: 'int 0..20' }, aliases: 'a:amount' },
  blackwhite: { params: { threshold: 'int 0..100' }, aliases: 't:threshold' },
  sepia: { params: { tone: 'int 0..100' }, aliases: 't:tone' },
  pixelate: { params: { amount: 'int 2..100' }, aliases: 'a:amount' },
  oil_paint: { params: { amount: 'int 2..100' }, aliases: 'a:amount' },
  modulate: {
    params: { brightness: 'int 0..10000', saturation: 'int 0..10000', hue: 'int 0..359' },
    aliases: 'b:brightness h:hue s:saturation',
  },
  ascii: {
    params: {
      foreground: 'color',
      background: 'color',
      colored: 'bool',
      size: 'int 10..100',
      reverse: 'bool',
    },
    aliases: 'b:background c:colored f:foreground r:reverse s:size',
  },
  collage: {
    params: {
      files: '[str]',
      margin: 'int 1..100',
      width: 'int 0..10000',
      height: 'int 0..10000',
      color: 'color',
      fit: 'auto|crop',
      autorotate: 'bool',
    },
    aliases: 'a:autorotate c:color f:files m:margin w:width h:height',
    required: ['files', 'width', 'height'],
  },
  upscale: {
    params: { upscale: 'bool', noise: 'none|low|medium|high', style: 'artwork|photo' },
    aliases: 'n:noise s:style u:upscale',
  },
  pjpg: { params: { quality: 'int 0..100', metadata: 'bool' } },
  quality: { params: { value: 'int 1..100' }, aliases: 'v:value' },
  watermark: {
    params: { file: 'str', size: 'num 0..500', position: ALIGN },
    aliases: 'f:file p:position s:size',
    required: ['file'],
  },
  partial_blur: {
    params: { objects: AREA, amount: 'num 0..20', blur: 'num 0..20', type: 'rect|oval' },
    aliases: 'a:amount l:blur o:objects t:type',
    required: ['objects'],
  },
  partial_pixelate: {
    params: { objects: AREA, amount: 'num 2..100', blur: 'num 0..20', type: 'rect|oval' },
    aliases: 'a:amount l:blur o:objects t:type',
    required: ['objects'],
  },
  output: {
    params: {
      format: 'doc|docx|html|jpg|odp|ods|odt|pjpg|pdf|png|ppt|pptx|svg|txt|webp|xls|xlsx',
      page: 'int 1..99999',
      density: 'int 1..500',
      compress: 'bool',
      quality: 'int 1..100|input',
      secure: 'bool',
      docinfo: 'bool',
      strip: 'bool',
      colorspace: 'rgb|cmyk|input',
      background: 'color',
      pageformat: PAGE_FORMAT,
      pageorientation: 'landscape|portrait',
    },
    aliases: 'f:format',
  },
  pdfinfo: { params: { colorinfo: 'bool' } },
  pdfconvert: {
    params: {
      pageorientation: 'portrait|landscape',
      pageformat: PAGE_FORMAT,
      pages: '[int 1..|pagerange]',
      metadata: 'bool',
    },
    oneOf: ['pageorientation', 'pageformat', 'pages'],
  },
  doc_to_images: {
    params: {
      pages: '[int]',
      engine: 'str',
      format: 'str',
      quality: 'int',
      density: 'int',
      hidden_slides: 'bool',
    },
  },
  pdfcreate: { params: { engine: 'str' } },
  video_convert: {
    params: {
      preset: 'h264|h264.hi|webm|webm.hi|ogg|ogg.hi|hls.variant|mp3|oga|m4a|aac|hls.variant.audio',
      force: 'bool',
      title: 'str',
      extname: 'str',
      filename: 'str',
      width: 'int 1..4096',
      height: 'int 1..4096',
      upscale: 'bool',
      aspect_mode: 'letterbox|pad|crop|preserve|constrain',
      two_pass: 'bool',
      video_bitrate: 'int 1..5000',
      fps: 'int 1..300',
      keyframe_interval: 'int 250..250',
      location: LOCATION,
      path: 'str',
      access: 'public|private',
      container: 'str',
      audio_bitrate: 'int 1..999',
      audio_sample_rate: 'int 1..99999',
      audio_channels: 'int 1..12',
      audio_codec: 'libmp3lame|libvorbis|libfdk_aac|dib_ac3|pcm_s16le|mp2|ac3|eac3',
      clip_length: 'duration',
      clip_offset: 'duration',
      watermark_url: 'str',
      watermark_top: 'int 0..9999',
      watermark_bottom: 'int 0..9999',
      watermark_right: 'int 0..9999',
      watermark_left: 'int 0..9999',
      watermark_width: 'int',
      watermark_height: 'int',
      frame_count: 'int 1..1',
    },
    aliases: 'p:preset',
  },
  // `mimetype` is not in the catalog; the emulator has always accepted it.
  store: {
    params: {
      filename: 'str',
      location: LOCATION,
      path: 'str',
      container: 'str',
      region: 'str',
      access: 'public|private',
      base64decode: 'bool',
      workflows: '[any]',
      mimetype: 'str',
    },
    aliases: 'a:access b:base64decode c:container f:filename l:location p:path r:region',
  },
  security: { params: { policy: 'str', signature: 'str' }, aliases: 'p:policy s:signature' },
  // `cache=false` arrives as `false:true`; `expiry:max` is in the docs.
  cache: { params: { expiry: 'int 0..|max', false: 'bool' }, aliases: 'e:expiry f:false' },
  // filestack-js writes `handle:`, Python `file:`.
  fallback: {
    params: { handle: 'str', file: 'str', cache: 'int 1..31536000' },
    oneOf: ['handle', 'file'],
  },
  zip: {},
  // The catalog's flag list plus the other flags of the file API (docs/protocol.md#metadata).
  metadata: {
    params: {
      params:
        '[filename|mimetype|size|width|height|writeable|path|container|cloud|exif|source_url|md5|sha256|sha1|sha512|sha224|sha384|uploaded|location|key]',
    },
  },
  urlscreenshot: {
    params: {
      agent: 'desktop|mobile',
      width: 'int 1..1920',
      height: 'int 1..8000',
      mode: 'all|window',
      delay: 'int 0..20000',
      orientation: 'portrait|landscape',
      device: 'str',
    },
    aliases: 'a:agent d:delay m:mode w:width h:height',
  },
  minify_js: {
    params: {
      gzip: 'bool',
      use_babel_polyfill: 'bool',
      keep_fn_name: 'bool',
      keep_class_name: 'bool',
      mangle: 'bool',
      merge_vars: 'bool',
      remove_console: 'bool',
      remove_undefined: 'bool',
      targets: 'str',
    },
  },
  minify_css: { params: { gzip: 'bool', level: '1|2' } },
  // The document viewer; `css` is a stylesheet URL for its page.
  preview: { params: { css: 'str' } },
  // Python's name for rounded_corners.
  round_corners: {
    params: { radius: 'int 1..10000|max', blur: 'num 0..20', background: 'color' },
    aliases: 'b:background l:blur r:radius',
  },
  // Named by the docs or other SDKs but not described by the catalog: parameters unchecked.
  doc_detection: { open: true },
  caption: { open: true },
  image_sentiment: { open: true },
  text_sentiment: { open: true },
  copyright: { open: true },
  qr: { open: true },
  slide: { open: true },
  video_playlist: { open: true },
  run_workflow: { open: true },
  workflow_status: { open: true },
};
