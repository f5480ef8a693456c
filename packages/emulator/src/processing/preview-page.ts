import type { FileRecord } from '../store/file-store.js';

/** What the viewer page needs besides the file: where files are served, and the request's policy. */
export interface PreviewContext {
  /** The CDN origin, no trailing slash. */
  origin: string;
  /** The policy and signature the preview URL carried, repeated on the file's own URL. */
  policy?: string;
  signature?: string;
  /** The `css` parameter: a stylesheet the page links to. */
  css?: string;
}

/** A viewer page, and whether it shows the file (or only offers it for download). */
export interface PreviewPage {
  html: string;
  shows: boolean;
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text made safe inside HTML text and double-quoted attributes. */
const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/**
 * The element that shows a file of `mimetype` in a browser, or undefined for types a browser
 * does not display by itself (office documents, archives, ...).
 */
function viewerElement(mimetype: string, src: string, title: string): string | undefined {
  if (mimetype.startsWith('image/')) return `<img src="${src}" alt="${title}">`;
  if (mimetype.startsWith('video/')) return `<video src="${src}" controls></video>`;
  if (mimetype.startsWith('audio/')) return `<audio src="${src}" controls></audio>`;
  if (mimetype === 'application/pdf' || mimetype.startsWith('text/') || mimetype.endsWith('json'))
    return `<iframe src="${src}" title="${title}"></iframe>`;
  return undefined;
}

/**
 * The `preview` task's answer (docs/protocol.md#emulator-notes-processing): an HTML page that
 * shows the stored file with the browser's own viewers (images, PDFs, text, audio, video), links
 * to `css` when given, and offers the file for download. The service's viewer also renders
 * office documents page by page; for those the page says it cannot, and the route names
 * `preview` in `X-Fs-Emulator-Unapplied`.
 */
export function previewPage(file: FileRecord, context: PreviewContext): PreviewPage {
  const security =
    context.policy && context.signature
      ? `security=p:${encodeURIComponent(context.policy)},s:${encodeURIComponent(context.signature)}/`
      : '';
  const src = escapeHtml(`${context.origin}/${security}${file.handle}`);
  const title = escapeHtml(file.filename);
  const viewer = viewerElement(file.mimetype, src, title);
  const html = [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${title}</title>`,
    ...(context.css ? [`<link rel="stylesheet" href="${escapeHtml(context.css)}">`] : []),
    '</head>',
    `<body class="fs-preview" data-handle="${escapeHtml(file.handle)}">`,
    '<main>',
    `<h1>${title}</h1>`,
    viewer ??
      `<p class="fs-preview-unavailable">fs-emulator shows no preview of ${escapeHtml(file.mimetype)} files.</p>`,
    `<p><a href="${src}?dl=true" download="${title}">Download ${title}</a> (${file.size} bytes, ${escapeHtml(file.mimetype)})</p>`,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
  return { html, shows: viewer !== undefined };
}
