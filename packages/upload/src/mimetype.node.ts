// The table is the `mime` package's (mime-db's IANA, Apache and nginx types, about 1,200
// extensions), kept up to date upstream. Node only: browsers type a `File` themselves, and the
// table weighs ~10 KB gzip, which a page would carry for nothing.
import mime from 'mime';

/** The MIME type for a file name's extension, or `undefined` when the table does not know it. */
export function mimetypeFromName(filename: string): string | undefined {
  const dot = filename.lastIndexOf('.');
  // A name without an extension (`README`) or a dotfile (`.png`) says nothing about its type;
  // mime's getType would read a bare `png` as an extension, so it gets the extension only.
  if (dot <= 0 || dot === filename.length - 1) return undefined;
  return mime.getType(filename.slice(dot + 1)) ?? undefined;
}
