import { inflateSync } from 'node:zlib';

/** One page of a PDF, in PDF points (1/72 inch), as its MediaBox says. */
export interface PdfPage {
  width: number;
  height: number;
  /** The page's `/Rotate`, 0, 90, 180 or 270 degrees clockwise. */
  rotation: number;
}

/** What `pdfinfo` answers (the service's schema is unconfirmed; this is the emulator's). */
export interface PdfInfo {
  /** The version in the file header, e.g. `1.7`. */
  version: string;
  pages: number;
  /** The size of the first page. */
  dimensions: { width: number; height: number };
  page_sizes: PdfPage[];
  encrypted: boolean;
}

interface PdfObject {
  /** The object's text up to its stream, if any (dictionaries live there). */
  dict: string;
  stream?: Buffer;
}

const OBJECT = /(\d+)\s+(\d+)\s+obj\b/g;

/** Reads every `N G obj ... endobj` of the file, with the raw bytes of its stream. */
function readObjects(bytes: Buffer, text: string): Map<number, PdfObject> {
  const objects = new Map<number, PdfObject>();
  for (const match of text.matchAll(OBJECT)) {
    const start = match.index + match[0].length;
    const end = text.indexOf('endobj', start);
    if (end < 0) break;
    const body = text.slice(start, end);
    const streamAt = /\bstream\r?\n/.exec(body);
    const object: PdfObject = { dict: streamAt ? body.slice(0, streamAt.index) : body };
    if (streamAt) {
      const from = start + streamAt.index + streamAt[0].length;
      const length = /\/Length\s+(\d+)(?!\s+\d+\s+R)/.exec(object.dict);
      const to = length ? from + Number(length[1]) : text.lastIndexOf('endstream', end);
      object.stream = bytes.subarray(from, Math.max(from, to));
    }
    // A later revision of the same object (incremental update) replaces the earlier one.
    objects.set(Number(match[1]), object);
  }
  return objects;
}

/** Adds the objects packed in object streams (PDF 1.5+), where page dictionaries often hide. */
function unpackObjectStreams(objects: Map<number, PdfObject>): void {
  for (const container of [...objects.values()]) {
    if (!/\/Type\s*\/ObjStm\b/.test(container.dict) || !container.stream) continue;
    let data: string;
    try {
      data = /\/FlateDecode/.test(container.dict)
        ? inflateSync(container.stream).toString('latin1')
        : container.stream.toString('latin1');
    } catch {
      continue;
    }
    const count = Number(/\/N\s+(\d+)/.exec(container.dict)?.[1] ?? 0);
    const first = Number(/\/First\s+(\d+)/.exec(container.dict)?.[1] ?? 0);
    const header = data.slice(0, first).trim().split(/\s+/).map(Number);
    for (let i = 0; i < count; i++) {
      const num = header[i * 2]!;
      const offset = first + header[i * 2 + 1]!;
      const next = i + 1 < count ? first + header[i * 2 + 3]! : data.length;
      if (!objects.has(num)) objects.set(num, { dict: data.slice(offset, next) });
    }
  }
}

const ref = (dict: string, key: string): number | undefined => {
  const match = new RegExp(`/${key}\\s+(\\d+)\\s+\\d+\\s+R`).exec(dict);
  return match ? Number(match[1]) : undefined;
};

const isPage = (dict: string) => /\/Type\s*\/Page(?![A-Za-z])/.test(dict);

/** Page objects in reading order: the page tree from the catalog, else file order. */
function pageOrder(objects: Map<number, PdfObject>, text: string): number[] {
  const roots = [...text.matchAll(/\/Root\s+(\d+)\s+\d+\s+R/g)];
  const catalog = roots.length > 0 ? objects.get(Number(roots.at(-1)![1])) : undefined;
  const tree = catalog ? ref(catalog.dict, 'Pages') : undefined;
  const pages: number[] = [];
  const seen = new Set<number>();
  const walk = (num: number) => {
    const node = objects.get(num);
    if (!node || seen.has(num)) return;
    seen.add(num);
    if (isPage(node.dict)) {
      pages.push(num);
      return;
    }
    const kids = /\/Kids\s*\[([^\]]*)\]/.exec(node.dict)?.[1] ?? '';
    for (const kid of kids.matchAll(/(\d+)\s+\d+\s+R/g)) walk(Number(kid[1]));
  };
  if (tree !== undefined) walk(tree);
  if (pages.length > 0) return pages;
  return [...objects.entries()].filter(([, o]) => isPage(o.dict)).map(([num]) => num);
}

/** A page attribute, looked up on the page and then on its ancestors (they are inherited). */
function inherited(
  objects: Map<number, PdfObject>,
  num: number,
  read: (dict: string) => string | undefined,
): string | undefined {
  const seen = new Set<number>();
  for (let at: number | undefined = num; at !== undefined && !seen.has(at); ) {
    seen.add(at);
    const node = objects.get(at);
    if (!node) return undefined;
    const value = read(node.dict);
    if (value !== undefined) return value;
    at = ref(node.dict, 'Parent');
  }
  return undefined;
}

function mediaBox(objects: Map<number, PdfObject>, dict: string): string | undefined {
  const direct = /\/MediaBox\s*\[([^\]]*)\]/.exec(dict);
  if (direct) return direct[1];
  const indirect = ref(dict, 'MediaBox');
  const target = indirect === undefined ? undefined : objects.get(indirect)?.dict;
  return target ? /\[([^\]]*)\]/.exec(target)?.[1] : undefined;
}

const round = (n: number) => Math.round(n * 100) / 100;

/**
 * Page count and page sizes of a PDF, read from its objects: classic files, incremental
 * updates and object streams (Flate) are understood; encrypted object streams and damaged
 * files are not. Answers undefined when the bytes are not a PDF or no page is found.
 */
export function readPdfInfo(bytes: Buffer): PdfInfo | undefined {
  const head = bytes.subarray(0, 1024).toString('latin1');
  const version = /%PDF-(\d+\.\d+)/.exec(head)?.[1];
  if (!version) return undefined;
  const text = bytes.toString('latin1');
  const objects = readObjects(bytes, text);
  unpackObjectStreams(objects);
  const pages = pageOrder(objects, text).map((num): PdfPage => {
    const box = (inherited(objects, num, (dict) => mediaBox(objects, dict)) ?? '0 0 612 792')
      .trim()
      .split(/\s+/)
      .map(Number);
    const [x0 = 0, y0 = 0, x1 = 612, y1 = 792] = box;
    const rotate = Number(inherited(objects, num, (d) => /\/Rotate\s+(-?\d+)/.exec(d)?.[1]) ?? 0);
    return {
      width: round(Math.abs(x1 - x0)),
      height: round(Math.abs(y1 - y0)),
      rotation: (((rotate % 360) + 360) % 360) as number,
    };
  });
  if (pages.length === 0) return undefined;
  return {
    version,
    pages: pages.length,
    dimensions: { width: pages[0]!.width, height: pages[0]!.height },
    page_sizes: pages,
    encrypted: /\/Encrypt\s+\d+\s+\d+\s+R/.test(text) || /\/Encrypt\s*<</.test(text),
  };
}
