import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ReplyError } from '../http/replies.js';
import { randomAlphanumeric } from '../ids.js';
import type { FileRecord } from '../store/file-store.js';
import { concatFiles, writeHashed } from '../store/hashed-write.js';
import { bareEtag, type PartRef } from './upload-fields.js';

/** S3's limit on part numbers (spec 2.7). */
export const MAX_PART_NUMBER = 10_000;

interface StoredBytes {
  path: string;
  size: number;
  /** Lower-case hex MD5 of the bytes: the part's ETag without quotes. */
  md5: string;
}

/** One multipart upload between start and complete. */
export interface UploadSession {
  id: string;
  /** The handle the file will get; also in `uri` and the storage key. */
  handle: string;
  uri: string;
  key: string;
  region: string;
  filename: string;
  mimetype: string;
  size: number;
  store: Record<string, unknown>;
  dir: string;
  /** Parts as uploaded (regular PUT) or assembled (FII commit). */
  parts: Map<number, StoredBytes>;
  /** FII chunks per part, by offset inside the part. */
  chunks: Map<number, Map<number, StoredBytes>>;
  /** Parts assembled by a commit. */
  committed: Set<number>;
  /** The parts list of the last complete that had a valid one (Ruby re-sends `parts: null`). */
  lastParts?: PartRef[];
  completing?: Promise<FileRecord>;
  result?: FileRecord;
}

/** A presigned-style part URL: what the PUT may write, until when. */
export interface PartTicket {
  token: string;
  uploadId: string;
  part: number;
  /** Set for FII chunks: the offset inside the part. */
  offset?: number;
  size: number;
  /** Base64 MD5 the client announced; the PUT must carry it as `Content-MD5`. */
  md5?: string;
  expires: number;
}

export interface CompleteRequest {
  parts: PartRef[] | null | undefined;
  partsInvalid: boolean;
  fii: boolean;
  size: number;
}

const invalid = (field: string, detail?: string) =>
  new ReplyError(400, `invalid params: ${field}`, undefined, detail ? { detail } : undefined);

/** All open uploads and their part tickets; bytes live under `<dataDir>/uploads/<id>/`. */
export class UploadSessions {
  private readonly sessions = new Map<string, UploadSession>();
  private readonly tickets = new Map<string, PartTicket>();

  private constructor(private readonly root: string) {}

  /** The sessions kept under `root` (the data dir's `uploads/`). */
  static async open(root: string): Promise<UploadSessions> {
    // Unfinished uploads do not survive a restart yet: sessions and tickets live in memory.
    await rm(root, { recursive: true, force: true });
    await mkdir(root, { recursive: true });
    return new UploadSessions(root);
  }

  async create(
    fields: Omit<UploadSession, 'id' | 'dir' | 'parts' | 'chunks' | 'committed'>,
  ): Promise<UploadSession> {
    const id = randomAlphanumeric(48);
    const session: UploadSession = {
      ...fields,
      id,
      dir: join(this.root, id),
      parts: new Map(),
      chunks: new Map(),
      committed: new Set(),
    };
    await mkdir(session.dir, { recursive: true });
    this.sessions.set(id, session);
    return session;
  }

  get(id: string | undefined): UploadSession | undefined {
    return id === undefined ? undefined : this.sessions.get(id);
  }

  issueTicket(ticket: Omit<PartTicket, 'token'>): PartTicket {
    const issued = { ...ticket, token: randomAlphanumeric(40) };
    this.tickets.set(issued.token, issued);
    return issued;
  }

  ticket(token: string): PartTicket | undefined {
    return this.tickets.get(token);
  }

  /**
   * Stores the bytes of a part or chunk PUT. Writes to a temp file and renames it into place,
   * so a reset connection leaves nothing behind and a repeated PUT replaces the earlier bytes.
   * Checks `Content-MD5` like S3: a header different from the announced one breaks the
   * signature (403), bytes that do not match it are a `BadDigest` (400).
   */
  async putBytes(
    ticket: PartTicket,
    body: NodeJS.ReadableStream,
    contentMd5: string | undefined,
  ): Promise<StoredBytes> {
    const session = this.sessions.get(ticket.uploadId);
    if (!session || session.result) {
      throw new ReplyError(404, 'The specified upload does not exist.', 'NoSuchUpload');
    }
    if (ticket.md5 !== undefined && contentMd5 !== ticket.md5) {
      throw new ReplyError(
        403,
        'The request signature we calculated does not match the signature you provided (Content-MD5 differs from the md5 given to /multipart/upload).',
        'SignatureDoesNotMatch',
      );
    }
    const temp = join(session.dir, `tmp-${randomAlphanumeric(12)}`);
    try {
      const written = await writeHashed(body, temp, ['md5']);
      const md5 = written.hashes.md5!;
      if (contentMd5 !== undefined && Buffer.from(md5, 'hex').toString('base64') !== contentMd5) {
        throw new ReplyError(
          400,
          'The Content-MD5 you specified did not match what we received.',
          'BadDigest',
        );
      }
      const stored: StoredBytes = { path: '', size: written.size, md5 };
      if (ticket.offset === undefined) {
        stored.path = join(session.dir, `part-${ticket.part}`);
        await rename(temp, stored.path);
        session.parts.set(ticket.part, stored);
      } else {
        stored.path = join(session.dir, `chunk-${ticket.part}-${ticket.offset}`);
        await rename(temp, stored.path);
        const chunks = session.chunks.get(ticket.part) ?? new Map<number, StoredBytes>();
        session.chunks.set(ticket.part, chunks);
        chunks.set(ticket.offset, stored);
      }
      return stored;
    } finally {
      await rm(temp, { force: true });
    }
  }

  /** Assembles the chunks of an FII part, ordered by offset, which must leave no gap. */
  async commit(session: UploadSession, part: number): Promise<void> {
    const chunks = session.chunks.get(part);
    if (!chunks || chunks.size === 0) {
      if (session.committed.has(part)) return; // a retried commit
      throw invalid('part', `no chunks were uploaded for part ${part}`);
    }
    const ordered = [...chunks.entries()].sort(([a], [b]) => a - b);
    let expected = 0;
    for (const [offset, chunk] of ordered) {
      if (offset !== expected) {
        throw invalid(
          'part',
          `chunks of part ${part} are not contiguous: expected offset ${expected}, found ${offset}`,
        );
      }
      expected += chunk.size;
    }
    const temp = join(session.dir, `tmp-${randomAlphanumeric(12)}`);
    const written = await writeHashed(concatFiles(ordered.map(([, c]) => c.path)), temp, ['md5']);
    const path = join(session.dir, `part-${part}`);
    await rename(temp, path);
    session.parts.set(part, { path, size: written.size, md5: written.hashes.md5! });
    session.committed.add(part);
    session.chunks.delete(part);
    await Promise.all(ordered.map(([, c]) => rm(c.path, { force: true })));
  }

  /**
   * Picks the parts of the final file (spec 2.6, 3.4): the listed parts, whose ETags must match
   * what was stored, plus committed FII parts; then checks their total size.
   */
  chooseParts(session: UploadSession, request: CompleteRequest): [number, StoredBytes][] {
    if (request.partsInvalid) throw invalid('parts', 'parts could not be read');
    const listed = request.parts ?? session.lastParts;
    const chosen = new Map<number, StoredBytes>();
    if (request.fii || session.committed.size > 0) {
      for (const part of session.committed) chosen.set(part, session.parts.get(part)!);
    }
    for (const { partNumber, etag } of listed ?? []) {
      const stored = session.parts.get(partNumber);
      if (!stored) throw invalid('parts', `part ${partNumber} was never uploaded`);
      if (bareEtag(etag) !== stored.md5) {
        throw invalid('parts', `ETag of part ${partNumber} does not match the uploaded bytes`);
      }
      chosen.set(partNumber, stored);
    }
    if (chosen.size === 0) throw invalid('parts', 'no parts were given or committed');
    const ordered = [...chosen.entries()].sort(([a], [b]) => a - b);
    const total = ordered.reduce((sum, [, p]) => sum + p.size, 0);
    if (total !== request.size) {
      throw invalid('parts', `parts add up to ${total} bytes, but size is ${request.size}`);
    }
    if (request.parts) session.lastParts = request.parts;
    return ordered;
  }

  /** Removes an upload's scratch files once its file is stored. */
  async finish(session: UploadSession): Promise<void> {
    for (const [token, ticket] of this.tickets) {
      if (ticket.uploadId === session.id) this.tickets.delete(token);
    }
    session.parts.clear();
    session.chunks.clear();
    await rm(session.dir, { recursive: true, force: true });
  }
}
