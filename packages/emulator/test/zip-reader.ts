/**
 * A small ZIP reader for the tests, written from APPNOTE independently of the emulator's
 * writer: it trusts the central directory (as unzip does), then checks each local header and
 * data descriptor against it.
 */

export interface ReadEntry {
  name: string;
  flags: number;
  method: number;
  crc: number;
  bytes: Buffer;
  /** The CRC and sizes of the data descriptor after the bytes. */
  descriptor: { crc: number; compressedSize: number; size: number };
  /** Unix mode from the external attributes. */
  mode: number;
  /** MS-DOS time and date fields. */
  dosTime: number;
  dosDate: number;
}

export interface ReadArchive {
  entries: ReadEntry[];
  centralDirectoryOffset: number;
  centralDirectorySize: number;
}

function fail(message: string): never {
  throw new Error(`bad zip: ${message}`);
}

export function readZip(zip: Buffer): ReadArchive {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0 || end + 22 > zip.length) fail('no end of central directory record');
  const count = zip.readUInt16LE(end + 10);
  if (zip.readUInt16LE(end + 8) !== count) fail('entry counts differ');
  const centralDirectorySize = zip.readUInt32LE(end + 12);
  const centralDirectoryOffset = zip.readUInt32LE(end + 16);
  if (centralDirectoryOffset + centralDirectorySize !== end) fail('central directory misplaced');
  const entries: ReadEntry[] = [];
  let at = centralDirectoryOffset;
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) fail(`central header ${i} signature`);
    const flags = zip.readUInt16LE(at + 8);
    const method = zip.readUInt16LE(at + 10);
    const dosTime = zip.readUInt16LE(at + 12);
    const dosDate = zip.readUInt16LE(at + 14);
    const crc = zip.readUInt32LE(at + 16);
    const compressedSize = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const mode = zip.readUInt32LE(at + 38) >>> 16;
    const local = zip.readUInt32LE(at + 42);
    const nameBytes = zip.subarray(at + 46, at + 46 + nameLength);
    const name = nameBytes.toString(flags & 0x800 ? 'utf8' : 'latin1');
    at += 46 + nameLength + extraLength + commentLength;

    if (zip.readUInt32LE(local) !== 0x04034b50) fail(`local header of ${name} signature`);
    if (zip.readUInt16LE(local + 6) !== flags) fail(`local flags of ${name} differ`);
    const localName = zip.subarray(local + 30, local + 30 + zip.readUInt16LE(local + 26));
    if (!localName.equals(nameBytes)) fail(`local name of ${name} differs`);
    const start = local + 30 + localName.length + zip.readUInt16LE(local + 28);
    const bytes = zip.subarray(start, start + compressedSize);
    let after = start + compressedSize;
    if (zip.readUInt32LE(after) === 0x08074b50) after += 4; // the signature is optional
    const descriptor = {
      crc: zip.readUInt32LE(after),
      compressedSize: zip.readUInt32LE(after + 4),
      size: zip.readUInt32LE(after + 8),
    };
    if (method === 0 && size !== compressedSize) fail(`stored ${name} has two sizes`);
    entries.push({ name, flags, method, crc, bytes, descriptor, mode, dosTime, dosDate });
  }
  return { entries, centralDirectoryOffset, centralDirectorySize };
}
