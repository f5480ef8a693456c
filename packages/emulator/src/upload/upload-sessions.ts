import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ReplyError } from '../http/replies.js';
import { randomAlphanumeric } from '../ids.js';
import type { DataDir } from '../store/data-dir.js';
import type { FileRecord, FileStore } from '../store/file-store.js';
import { concatFiles, type WrittenBytes, writeHashed } from '../store/hashed-write.js';
import { type PartTicket, PartTickets } from './part-tickets.js';
import {
  readJournal,
  type SessionState,
  type StoredBytes,
  writeJournal,
} from './session-journal.js';
import { bareEtag, type PartRef } from './upload-fields.js';

export type { PartTicket } from './part-tickets.js';

/** S3's limit on part numbers (docs/protocol.md#part-sizes). */
export const MAX_PART_NUMBER = 10_000;

/** One multipart upload between start and complete. */
export interface UploadSession extends SessionState {
  completing?: Promise<FileRecord>;
  result?: FileRecord;
  /** The last journal write: writes take turns, so an older state never lands last. */
  saved?: Promise<void>;
}

export interface CompleteRequest {
  parts: PartRef[] | null | undefined;
  partsInvalid: boolean;
  fii: boolean;
  size: number;
}

const noSuchUpload = () =>
  new ReplyError(404, 'The specified upload does not exist.', 'NoSuchUpload');

/** Whether an upload takes no more parts: completed, or completing. */
const isClosed = (session: UploadSession) =>
  session.result !== undefined || session.completing !== undefined;

/** The bytes of a part PUT, refused once they pass the size announced to /multipart/upload. */
async function* withinSize(body: NodeJS.ReadableStream, size: number): AsyncGenerator<Buffer> {
  let received = 0;
  for await (const piece of body as AsyncIterable<Buffer | string>) {
    const chunk = typeof piece === 'string' ? Buffer.from(piece) : piece;
    received += chunk.length;
    if (received > size) {
      throw new ReplyError(
        400,
        `Your proposed upload exceeds the size announced: more than ${size} bytes.`,
        'EntityTooLarge',
      );
    }
    yield chunk;
  }
}

const invalid = (field: string, detail?: string) =>
  new ReplyError(400, `invalid params: ${field}`, undefined, detail ? { detail } : undefined);

/** What `UploadSessions.open` needs besides the data dir. */
export interface UploadSessionsOptions {
  /** Milliseconds an upload takes calls after its start. */
  ttl: number;
  /** Where completed uploads' files are: a crash may have come between the file and cleanup. */
  files: Pick<FileStore, 'get'>;
}

/**
 * All open uploads. Each has a folder `<dataDir>/uploads/<id>/` holding its part and chunk
 * files and `session.json`, its journal, rewritten after every stored part, so an emulator
 * restarted on the same data dir still takes the parts and the complete of an open upload, and
 * the part URLs it handed out (signed with a key kept in the data dir).
 */
export class UploadSessions {
  private readonly sessions = new Map<string, UploadSession>();

  private constructor(
    private readonly root: string,
    private readonly tickets: PartTickets,
    private readonly ttl: number,
  ) {}

  /**
   * The uploads kept in the data dir: expired ones are removed, the others reloaded with the
   * parts their journal names; one whose file was stored just before a crash is cleaned up and
   * answers its complete with that file.
   */
  static async open(dataDir: DataDir, options: UploadSessionsOptions): Promise<UploadSessions> {
    const root = dataDir.uploads;
    await mkdir(root, { recursive: true });
    const tickets = await PartTickets.open(
      join(dataDir.root, 'part-url.key'),
      join(dataDir.tmp, `key-${randomAlphanumeric(12)}`),
    );
    const uploads = new UploadSessions(root, tickets, options.ttl);
    for (const id of await readdir(root)) {
      const dir = join(root, id);
      const loaded = await readJournal(dir).catch(() => undefined);
      if (!loaded || loaded.state.id !== id || uploads.expired(loaded.state)) {
        await rm(dir, { recursive: true, force: true });
        continue;
      }
      const session: UploadSession = loaded.state;
      const stored = await options.files.get(session.handle);
      if (stored) {
        session.result = stored;
        await uploads.finish(session);
      } else if (loaded.dropped) {
        await writeJournal(session);
      }
      uploads.sessions.set(id, session);
    }
    return uploads;
  }

  async create(
    fields: Omit<UploadSession, 'id' | 'dir' | 'parts' | 'chunks' | 'committed' | 'created'>,
  ): Promise<UploadSession> {
    const id = randomAlphanumeric(48);
    const session: UploadSession = {
      ...fields,
      id,
      created: Date.now(),
      dir: join(this.root, id),
      parts: new Map(),
      chunks: new Map(),
      committed: new Set(),
    };
    await mkdir(session.dir, { recursive: true });
    await this.save(session);
    this.sessions.set(id, session);
    return session;
  }

  /** The open upload `id`; undefined when unknown or expired (an expired one is removed). */
  get(id: string | undefined): UploadSession | undefined {
    const session = id === undefined ? undefined : this.sessions.get(id);
    if (!session || !this.expired(session) || session.completing) return session;
    this.sessions.delete(session.id);
    void rm(session.dir, { recursive: true, force: true });
    return undefined;
  }

  /**
   * Whether an upload is past `uploadTtl`, counted from its start with the lifetime this
   * emulator runs with (a restart with a shorter one closes older uploads).
   */
  private expired(session: SessionState): boolean {
    return session.created + this.ttl <= Date.now();
  }

  /** A part URL token for `ticket`. */
  issueTicket(ticket: PartTicket): PartTicket & { token: string } {
    return { ...ticket, token: this.tickets.issue(ticket) };
  }

  /** The ticket of a part URL token, when this emulator (or one on the same data dir) signed it. */
  ticket(token: string): PartTicket | undefined {
    return this.tickets.read(token);
  }

  /**
   * Stores the bytes of a part or chunk PUT. Writes to a temp file, renames it to a name of its
   * own and then records it in the journal, so a reset connection or a crash leaves nothing the
   * journal names, and a repeated PUT replaces the earlier bytes. Checks `Content-MD5` like S3:
   * a header different from the announced one breaks the signature (403), bytes that do not
   * match it are a `BadDigest` (400).
   */
  async putBytes(
    ticket: PartTicket,
    body: NodeJS.ReadableStream,
    contentMd5: string | undefined,
  ): Promise<StoredBytes> {
    const session = this.get(ticket.uploadId);
    if (!session || isClosed(session)) throw noSuchUpload();
    if (ticket.md5 !== undefined && contentMd5 !== ticket.md5) {
      throw new ReplyError(
        403,
        'The request signature we calculated does not match the signature you provided (Content-MD5 differs from the md5 given to /multipart/upload).',
        'SignatureDoesNotMatch',
      );
    }
    const temp = join(session.dir, `tmp-${randomAlphanumeric(12)}`);
    try {
      const written = await writeHashed(withinSize(body, ticket.size), temp, ['md5']);
      if (written.size < ticket.size) {
        throw new ReplyError(
          400,
          `You did not provide the number of bytes announced: ${written.size} of ${ticket.size}.`,
          'IncompleteBody',
        );
      }
      // Completed while the bytes were arriving: the part no longer has an upload to join.
      if (isClosed(session)) throw noSuchUpload();
      const md5 = written.hashes.md5!;
      if (contentMd5 !== undefined && Buffer.from(md5, 'hex').toString('base64') !== contentMd5) {
        throw new ReplyError(
          400,
          'The Content-MD5 you specified did not match what we received.',
          'BadDigest',
        );
      }
      const { part, offset } = ticket;
      if (offset === undefined) {
        return await this.keep(session, temp, written, `part-${part}`, (stored) =>
          swap(session.parts, part, stored),
        );
      }
      return await this.keep(session, temp, written, `chunk-${part}-${offset}`, (stored) => {
        const chunks = session.chunks.get(part) ?? new Map<number, StoredBytes>();
        session.chunks.set(part, chunks);
        return swap(chunks, offset, stored);
      });
    } catch (error) {
      // Completing removes the upload's folder, which a write or rename under way then misses.
      if (!(error instanceof ReplyError) && isClosed(session)) throw noSuchUpload();
      throw error;
    } finally {
      await rm(temp, { force: true });
    }
  }

  /**
   * Assembles the chunks of an FII part, ordered by offset, which must leave no gap. Chunks may
   * overlap: a chunk that timed out on the client can still arrive whole after the client sent
   * the same bytes again as smaller chunks. Each byte is then taken from the first chunk that
   * holds it (the bytes are the same part's either way).
   */
  async commit(session: UploadSession, part: number): Promise<void> {
    const chunks = session.chunks.get(part);
    if (!chunks || chunks.size === 0) {
      if (session.committed.has(part)) return; // a retried commit
      throw invalid('part', `no chunks were uploaded for part ${part}`);
    }
    const ordered = [...chunks.entries()].sort(([a], [b]) => a - b);
    const pieces: { path: string; start: number }[] = [];
    let covered = 0;
    for (const [offset, chunk] of ordered) {
      if (offset > covered) {
        throw invalid(
          'part',
          `chunks of part ${part} leave a gap: no chunk holds offset ${covered} (the next starts at ${offset})`,
        );
      }
      if (offset + chunk.size <= covered) continue;
      pieces.push({ path: chunk.path, start: covered - offset });
      covered = offset + chunk.size;
    }
    const temp = join(session.dir, `tmp-${randomAlphanumeric(12)}`);
    try {
      const written = await writeHashed(concatFiles(pieces), temp, ['md5']);
      await this.keep(session, temp, written, `part-${part}`, (stored) => {
        session.committed.add(part);
        session.chunks.delete(part);
        return swap(session.parts, part, stored);
      });
    } finally {
      await rm(temp, { force: true });
    }
    await Promise.all(ordered.map(([, c]) => rm(c.path, { force: true })));
  }

  /**
   * Moves written bytes to a new name in the upload's folder, lets `file` put them in the
   * session, and journals the change; the bytes they replace are removed once the journal no
   * longer names them.
   */
  private async keep(
    session: UploadSession,
    temp: string,
    written: WrittenBytes,
    name: string,
    file: (stored: StoredBytes) => StoredBytes | undefined,
  ): Promise<StoredBytes> {
    const stored: StoredBytes = {
      path: join(session.dir, `${name}.${randomAlphanumeric(8)}`),
      size: written.size,
      md5: written.hashes.md5!,
    };
    await rename(temp, stored.path);
    const replaced = file(stored);
    await this.save(session);
    if (replaced) await rm(replaced.path, { force: true });
    return stored;
  }

  /** Rewrites the journal of `session` after the writes already under way. */
  private save(session: UploadSession): Promise<void> {
    const saving = (session.saved ?? Promise.resolve()).then(() => writeJournal(session));
    session.saved = saving.catch(() => {});
    return saving;
  }

  /**
   * Picks the parts of the final file (docs/protocol.md#complete-an-upload): the listed parts,
   * whose ETags must match what was stored, plus committed FII parts; then checks their total size.
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

  /**
   * Removes an upload's folder once its file is stored. The session stays in memory, so a
   * repeated complete answers the same file.
   */
  async finish(session: UploadSession): Promise<void> {
    session.parts.clear();
    session.chunks.clear();
    await rm(session.dir, { recursive: true, force: true });
  }
}

/** Sets `key` to `value`, returning what it replaced. */
function swap<K, V>(map: Map<K, V>, key: K, value: V): V | undefined {
  const replaced = map.get(key);
  map.set(key, value);
  return replaced;
}
