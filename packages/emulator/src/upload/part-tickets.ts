import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { writeFileAtomically } from '../store/atomic-write.js';

/** A presigned-style part URL: what the PUT may write, until when. */
export interface PartTicket {
  uploadId: string;
  part: number;
  /** Set for Intelligent Ingestion chunks: the offset inside the part. */
  offset?: number;
  size: number;
  /** Base64 MD5 the client announced; the PUT must carry it as `Content-MD5`. */
  md5?: string;
  /** Milliseconds since the epoch. */
  expires: number;
}

const KEY_BYTES = 32;

const base64url = (bytes: Uint8Array | string) => Buffer.from(bytes).toString('base64url');

/**
 * Part URL tokens: the ticket itself, signed with a key kept in the data dir, so the part URLs
 * an emulator handed out stay valid when it restarts on the same data dir (as presigned S3 URLs
 * outlive the server that signed them). Nothing is kept per ticket.
 */
export class PartTickets {
  private constructor(private readonly key: Buffer) {}

  /** The tickets signed with the key at `keyPath`, made on first use. */
  static async open(keyPath: string, tempPath: string): Promise<PartTickets> {
    let key = await readFile(keyPath).catch(() => undefined);
    if (key?.length !== KEY_BYTES) {
      key = randomBytes(KEY_BYTES);
      await writeFileAtomically(keyPath, key, tempPath);
    }
    return new PartTickets(key);
  }

  /** The token of a part URL. */
  issue(ticket: PartTicket): string {
    const payload = base64url(JSON.stringify(ticket));
    return `${payload}.${base64url(this.sign(payload))}`;
  }

  /** The ticket a token carries, or undefined when this emulator did not sign it. */
  read(token: string): PartTicket | undefined {
    const [payload, signature, extra] = token.split('.');
    if (!payload || !signature || extra !== undefined) return undefined;
    const given = Buffer.from(signature, 'base64url');
    const expected = this.sign(payload);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as PartTicket;
  }

  private sign(payload: string): Buffer {
    return createHmac('sha256', this.key).update(payload).digest();
  }
}
