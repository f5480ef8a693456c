import type { Fields } from '../http/request-body.js';

/** One part in a complete call. */
export interface PartRef {
  partNumber: number;
  etag: string;
}

/**
 * An upload API request, whatever encoding and spelling the client used
 * (docs/protocol.md#emulator-notes-uploads).
 */
export interface UploadFields {
  apikey?: string;
  filename?: string;
  mimetype?: string;
  /** NaN when given but not a number. */
  size?: number;
  store: Record<string, unknown>;
  fii: boolean;
  /** `null` when sent as null (Ruby's retried complete), undefined when absent. */
  parts?: PartRef[] | null;
  /** Set when `parts` was given in a shape that cannot be read. */
  partsInvalid?: boolean;
  policy?: string;
  signature?: string;
  uri?: string;
  region?: string;
  uploadId?: string;
  part?: number;
  md5?: string;
  offset?: number;
  uploadTags?: Record<string, string>;
  alt?: string;
}

const FORM_STORE_FIELDS = ['location', 'path', 'container', 'region', 'access', 'filename'];

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

/** Integers may arrive as numbers (JSON) or decimal strings (form-data). */
export function integer(value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'number') return Number.isInteger(value) ? value : Number.NaN;
  if (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)) return Number(value);
  return Number.NaN;
}

/** `true`, `"true"`, `"1"` and `1` all mean yes (docs/protocol.md#emulator-notes-uploads). */
export function truthy(value: unknown): boolean {
  return value === true || value === 1 || value === 'true' || value === '1';
}

/** Strips the double quotes S3 puts around an ETag (Swift strips them, others keep them). */
export function bareEtag(etag: string): string {
  return etag.trim().replace(/^W\//, '').replace(/^"|"$/g, '').toLowerCase();
}

function readParts(value: unknown, fii: boolean): Pick<UploadFields, 'parts' | 'partsInvalid'> {
  if (value === undefined) return {};
  if (value === null) return { parts: null };
  if (typeof value === 'string') {
    // PHP sends `parts=<count>` on FII completes: meaningless, ignored.
    if (/^\d+$/.test(value.trim()) && fii) return {};
    if (value.trim() === '') return { parts: null };
    const parts: PartRef[] = [];
    for (const item of value.split(';')) {
      if (item.trim() === '') continue;
      const at = item.indexOf(':');
      const partNumber = integer(item.slice(0, at));
      if (at < 0 || partNumber === undefined || Number.isNaN(partNumber)) {
        return { partsInvalid: true };
      }
      parts.push({ partNumber, etag: item.slice(at + 1) });
    }
    return { parts };
  }
  if (!Array.isArray(value)) return { partsInvalid: true };
  const parts: PartRef[] = [];
  for (const item of value) {
    if (typeof item !== 'object' || item === null) return { partsInvalid: true };
    const entry = item as Record<string, unknown>;
    const partNumber = integer(entry.part_number ?? entry.partNumber ?? entry.PartNumber);
    const etag = text(entry.etag ?? entry.ETag ?? entry.Etag);
    if (partNumber === undefined || Number.isNaN(partNumber) || etag === undefined) {
      return { partsInvalid: true };
    }
    parts.push({ partNumber, etag });
  }
  return { parts };
}

/**
 * Normalises the field aliases of every official SDK: `apiKey` (Go), flat `store_*` and
 * `multipart` (PHP, Java), `parts` as `"1:etag;2:etag"` (form-data), numbers as strings.
 */
export function normaliseUploadFields(fields: Fields): UploadFields {
  const store: Record<string, unknown> =
    typeof fields.store === 'object' && fields.store !== null && !Array.isArray(fields.store)
      ? { ...(fields.store as Record<string, unknown>) }
      : {};
  for (const key of FORM_STORE_FIELDS) {
    const value = fields[`store_${key}`];
    if (value !== undefined && store[key] === undefined) store[key] = value;
  }
  const fii = truthy(fields.fii) || truthy(fields.multipart);
  const tags = fields.upload_tags;
  const out: UploadFields = {
    apikey: text(fields.apikey ?? fields.apiKey ?? fields.key),
    filename: text(fields.filename),
    mimetype: text(fields.mimetype),
    size: integer(fields.size),
    store,
    fii,
    policy: text(fields.policy),
    signature: text(fields.signature),
    uri: text(fields.uri),
    region: text(fields.region),
    uploadId: text(fields.upload_id),
    part: integer(fields.part),
    md5: text(fields.md5),
    offset: integer(fields.offset),
    alt: text(fields.alt),
    ...readParts(fields.parts, fii),
  };
  if (tags && typeof tags === 'object' && !Array.isArray(tags)) {
    out.uploadTags = Object.fromEntries(
      Object.entries(tags as Record<string, unknown>).map(([k, v]) => [k, String(v)]),
    );
  }
  return out;
}
