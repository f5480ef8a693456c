import { describe, expect, it } from 'vitest';
import { sanitizeFilename } from '../src/index.js';

/* The file name sanitizer on its own (pure logic); uploads with it are in upload-names.test.ts. */

describe('sanitizeFilename', () => {
  it('replaces path separators, so a name never becomes a path of the storage key', () => {
    expect(sanitizeFilename('../../etc/passwd')).toBe('..-..-etc-passwd');
    expect(sanitizeFilename('C:\\Users\\me\\photo.jpg')).toBe('C--Users-me-photo.jpg');
  });

  it('replaces control characters and the bidirectional overrides that disguise an extension', () => {
    expect(sanitizeFilename('a\u0000b\nc\td\u007fe\u0085.txt')).toBe('a-b-c-d-e-.txt');
    expect(sanitizeFilename('invoice\u202Efdp.exe')).toBe('invoice-fdp.exe');
    expect(sanitizeFilename('x\u2066y\u2069.png')).toBe('x-y-.png');
  });

  it('replaces characters reserved in URLs, storage keys and file systems', () => {
    expect(sanitizeFilename('a<b>c:d"e|f?g*h#i%j{k}l^m~n[o]p`q\'r.pdf')).toBe(
      'a-b-c-d-e-f-g-h-i-j-k-l-m-n-o-p-q-r.pdf',
    );
  });

  it('keeps letters of every script, spaces inside, dots and the extension', () => {
    expect(sanitizeFilename('résumé 2024 (final).v2.pdf')).toBe('résumé 2024 (final).v2.pdf');
    expect(sanitizeFilename('写真 📷.jpeg')).toBe('写真 📷.jpeg');
  });

  it('trims surrounding spaces and names what is left empty or only dots untitled', () => {
    expect(sanitizeFilename('  notes.txt  ')).toBe('notes.txt');
    expect(sanitizeFilename('')).toBe('untitled');
    expect(sanitizeFilename('..')).toBe('untitled');
    expect(sanitizeFilename('  .  ')).toBe('untitled');
    expect(sanitizeFilename('/')).toBe('-');
  });
});
