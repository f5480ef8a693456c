import { describe, expect, it } from 'vitest';
import { mimetypeFromName } from '../src/mimetype.node.js';

// What a server would answer for each extension (mime-db's types, as nginx and Apache serve
// them). The first rows are the ones the old 44-entry map sent as application/octet-stream.
const TABLE: [string, string][] = [
  ['app.js', 'text/javascript'],
  ['module.mjs', 'text/javascript'],
  ['site.css', 'text/css'],
  ['letter.rtf', 'application/rtf'],
  ['novel.epub', 'application/epub+zip'],
  ['font.woff', 'font/woff'],
  ['font.woff2', 'font/woff2'],
  ['font.ttf', 'font/ttf'],
  ['font.otf', 'font/otf'],
  ['meeting.ics', 'text/calendar'],
  ['contact.vcf', 'text/x-vcard'],
  ['subtitles.vtt', 'text/vtt'],
  ['config.yaml', 'text/yaml'],
  ['config.toml', 'application/toml'],
  ['dump.sql', 'application/sql'],
  ['module.wasm', 'application/wasm'],
  ['library.jar', 'application/java-archive'],
  ['app.apk', 'application/vnd.android.package-archive'],
  ['notes.odt', 'application/vnd.oasis.opendocument.text'],
  ['budget.ods', 'application/vnd.oasis.opendocument.spreadsheet'],
  ['design.psd', 'image/vnd.adobe.photoshop'],
  ['photo.heif', 'image/heif'],
  ['photo.jxl', 'image/jxl'],
  ['voice.opus', 'audio/ogg'],
  ['clip.3gp', 'video/3gpp'],
  ['archive.rar', 'application/vnd.rar'],
  ['archive.bz2', 'application/x-bzip2'],
  ['archive.xz', 'application/x-xz'],
  // Those the old map knew, still right.
  ['photo.jpg', 'image/jpeg'],
  ['photo.jpeg', 'image/jpeg'],
  ['image.png', 'image/png'],
  ['anim.gif', 'image/gif'],
  ['image.webp', 'image/webp'],
  ['image.avif', 'image/avif'],
  ['image.heic', 'image/heic'],
  ['logo.svg', 'image/svg+xml'],
  ['scan.tiff', 'image/tiff'],
  ['song.mp3', 'audio/mpeg'],
  ['sound.wav', 'audio/wav'],
  ['sound.ogg', 'audio/ogg'],
  ['track.m4a', 'audio/mp4'],
  ['movie.mp4', 'video/mp4'],
  ['movie.mov', 'video/quicktime'],
  ['movie.webm', 'video/webm'],
  ['movie.mkv', 'video/x-matroska'],
  ['movie.avi', 'video/x-msvideo'],
  ['report.pdf', 'application/pdf'],
  ['archive.zip', 'application/zip'],
  ['archive.7z', 'application/x-7z-compressed'],
  ['archive.tar', 'application/x-tar'],
  ['data.json', 'application/json'],
  ['feed.xml', 'application/xml'],
  ['table.csv', 'text/csv'],
  ['notes.txt', 'text/plain'],
  ['README.md', 'text/markdown'],
  ['page.html', 'text/html'],
  ['memo.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  ['sheet.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  ['slides.pptx', 'application/vnd.openxmlformats-officedocument.presentationml.presentation'],
];

describe('mimetypeFromName (Node)', () => {
  it.each(TABLE)('types %s as %s', (name, type) => {
    expect(mimetypeFromName(name)).toBe(type);
  });

  it('covers at least 40 extensions in this table', () => {
    expect(new Set(TABLE.map(([name]) => name.split('.').pop())).size).toBeGreaterThanOrEqual(40);
  });

  it('reads the last extension, in any case', () => {
    expect(mimetypeFromName('PHOTO.JPG')).toBe('image/jpeg');
    expect(mimetypeFromName('archive.tar.gz')).toBe('application/gzip');
    expect(mimetypeFromName('dir.v2/app.min.js')).toBe('text/javascript');
  });

  it('answers undefined for names without an extension, dotfiles and unknown extensions', () => {
    expect(mimetypeFromName('README')).toBeUndefined();
    expect(mimetypeFromName('png')).toBeUndefined();
    expect(mimetypeFromName('.png')).toBeUndefined();
    expect(mimetypeFromName('name.')).toBeUndefined();
    expect(mimetypeFromName('data.unknownext')).toBeUndefined();
    expect(mimetypeFromName('x.constructor')).toBeUndefined();
    expect(mimetypeFromName('x.__proto__')).toBeUndefined();
  });
});
