import { ReplyError } from '../http/replies.js';
import { updateCrc32 } from './crc32.js';

/**
 * A ZIP writer (PKWARE APPNOTE 6.3): stored entries (method 0), each followed by a data
 * descriptor (flag bit 3) so the CRC is computed while the bytes stream through, UTF-8 names
 * (flag bit 11), no ZIP64. Only the central directory (46 bytes plus the name per entry) is
 * held until the end.
 */

/** One file of an archive; its bytes are read only when the archive reaches it. */
export interface ZipEntry {
  /** Path inside the archive. */
  name: string;
  /** The exact number of bytes `read()` yields: the archive's length is announced up front. */
  size: number;
  modified: Date;
  read(): AsyncIterable<Uint8Array>;
}

export const ZIP_MIMETYPE = 'application/zip';

const LOCAL_HEADER = 30;
const DATA_DESCRIPTOR = 16;
const CENTRAL_HEADER = 46;
const END_OF_CENTRAL_DIRECTORY = 22;

/** 0xFFFF in the entry counts marks a ZIP64 archive, so a classic one holds one entry fewer. */
export const MAX_ZIP_ENTRIES = 0xfffe;
/** Every offset and size must fit in 32 bits (and stay off the 0xFFFFFFFF ZIP64 marker). */
export const MAX_ZIP_LENGTH = 0xffffffff;

const STORED = 0;
/** Bit 3: CRC and sizes are in the data descriptor after the bytes. Bit 11: UTF-8 name. */
const FLAGS = 0x0808;
/** 2.0, the first version with data descriptors. */
const VERSION_NEEDED = 20;
/** Made on Unix, so readers apply the permissions in the external attributes. */
const VERSION_MADE_BY = (3 << 8) | VERSION_NEEDED;
/** A regular file, rw-r--r--. */
const EXTERNAL_ATTRIBUTES = (0o100644 << 16) >>> 0;

type Field = readonly [bytes: 2 | 4, value: number];

/** Little-endian fields, then the name. */
function record(fields: readonly Field[], name?: Buffer): Buffer {
  const fixed = fields.reduce((sum, [bytes]) => sum + bytes, 0);
  const out = Buffer.alloc(fixed + (name?.length ?? 0));
  let at = 0;
  for (const [bytes, value] of fields) {
    at = bytes === 2 ? out.writeUInt16LE(value, at) : out.writeUInt32LE(value, at);
  }
  name?.copy(out, at);
  return out;
}

/** MS-DOS time and date (UTC: ZIP stores no zone), clamped to the years DOS counts. */
function dosDateTime(when: Date): [time: number, date: number] {
  const year = Math.min(Math.max(when.getUTCFullYear(), 1980), 2107);
  const time =
    (when.getUTCHours() << 11) | (when.getUTCMinutes() << 5) | (when.getUTCSeconds() >> 1);
  const date = ((year - 1980) << 9) | ((when.getUTCMonth() + 1) << 5) | when.getUTCDate();
  return [time, date];
}

/**
 * The length of the archive of `entries`, computed before any byte is read so the answer can
 * carry `Content-Length`. An archive that would need ZIP64 (65,535 entries or more, 4 GiB or
 * more, or a name over 65,535 bytes) is a 400.
 */
export function zipLength(entries: readonly ZipEntry[]): number {
  if (entries.length > MAX_ZIP_ENTRIES) {
    throw new ReplyError(
      400,
      `zip: ${entries.length} files; the emulator writes at most ${MAX_ZIP_ENTRIES} entries (no ZIP64)`,
    );
  }
  let length = END_OF_CENTRAL_DIRECTORY;
  for (const entry of entries) {
    const nameLength = Buffer.byteLength(entry.name);
    if (nameLength > 0xffff) {
      throw new ReplyError(400, `zip: a file name is ${nameLength} bytes; the limit is 65535`);
    }
    length += LOCAL_HEADER + nameLength + entry.size + DATA_DESCRIPTOR;
    length += CENTRAL_HEADER + nameLength;
  }
  if (length > MAX_ZIP_LENGTH) {
    throw new ReplyError(
      400,
      `zip: the archive would be ${length} bytes; the emulator writes archives under 4 GiB (no ZIP64)`,
    );
  }
  return length;
}

/**
 * The archive of `entries`, as chunks: each entry's bytes pass through as they are read (the
 * consumer's pace sets the reading pace). Call {@link zipLength} first: it checks the limits.
 */
export async function* zipStream(entries: readonly ZipEntry[]): AsyncGenerator<Uint8Array> {
  const central: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const [time, date] = dosDateTime(entry.modified);
    // CRC and sizes are zero here: they follow the bytes, in the data descriptor.
    yield record(
      [
        [4, 0x04034b50],
        [2, VERSION_NEEDED],
        [2, FLAGS],
        [2, STORED],
        [2, time],
        [2, date],
        [4, 0],
        [4, 0],
        [4, 0],
        [2, name.length],
        [2, 0],
      ],
      name,
    );
    let crc = 0;
    let size = 0;
    for await (const chunk of entry.read()) {
      crc = updateCrc32(crc, chunk);
      size += chunk.length;
      yield chunk;
    }
    if (size !== entry.size) {
      // The announced length would be wrong: better a broken answer than a silently wrong one.
      throw new Error(`zip: ${entry.name} gave ${size} bytes, ${entry.size} were announced`);
    }
    yield record([
      [4, 0x08074b50],
      [4, crc],
      [4, size],
      [4, size],
    ]);
    central.push(
      record(
        [
          [4, 0x02014b50],
          [2, VERSION_MADE_BY],
          [2, VERSION_NEEDED],
          [2, FLAGS],
          [2, STORED],
          [2, time],
          [2, date],
          [4, crc],
          [4, size],
          [4, size],
          [2, name.length],
          [2, 0], // extra field length
          [2, 0], // comment length
          [2, 0], // disk number
          [2, 0], // internal attributes
          [4, EXTERNAL_ATTRIBUTES],
          [4, offset],
        ],
        name,
      ),
    );
    offset += LOCAL_HEADER + name.length + size + DATA_DESCRIPTOR;
  }
  const directory = Buffer.concat(central);
  yield directory;
  yield record([
    [4, 0x06054b50],
    [2, 0], // this disk
    [2, 0], // disk of the central directory
    [2, entries.length],
    [2, entries.length],
    [4, directory.length],
    [4, offset],
    [2, 0], // comment length
  ]);
}
