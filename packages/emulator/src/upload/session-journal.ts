import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { randomAlphanumeric } from '../ids.js';
import { writeFileAtomically } from '../store/atomic-write.js';
import type { PartRef } from './upload-fields.js';

/** Bytes of a part or chunk, in a file of the upload's folder. */
export interface StoredBytes {
  path: string;
  size: number;
  /** Lower-case hex MD5 of the bytes: the part's ETag without quotes. */
  md5: string;
}

/** What an upload keeps between start and complete. */
export interface SessionState {
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
  /** Milliseconds since the epoch; the upload closes `uploadTtl` later. */
  created: number;
  /** The upload's folder. */
  dir: string;
  /** Parts as uploaded (regular PUT) or assembled (Intelligent Ingestion commit). */
  parts: Map<number, StoredBytes>;
  /** Intelligent Ingestion chunks per part, by offset inside the part. */
  chunks: Map<number, Map<number, StoredBytes>>;
  /** Parts assembled by a commit. */
  committed: Set<number>;
  /** The parts list of the last complete that had a valid one (Ruby re-sends `parts: null`). */
  lastParts?: PartRef[];
}

/** `session.json`: the state with file names instead of paths, maps as objects. */
interface Journal extends Omit<SessionState, 'dir' | 'parts' | 'chunks' | 'committed'> {
  parts: Record<string, JournalBytes>;
  chunks: Record<string, Record<string, JournalBytes>>;
  committed: number[];
}

interface JournalBytes {
  file: string;
  size: number;
  md5: string;
}

const JOURNAL = 'session.json';

const toJournalBytes = ({ path, size, md5 }: StoredBytes): JournalBytes => ({
  file: basename(path),
  size,
  md5,
});

/**
 * Writes the upload's journal, `<dir>/session.json`, through a temp file and a rename: after a
 * crash it names exactly the part and chunk files whose PUTs were answered.
 */
export async function writeJournal(state: SessionState): Promise<void> {
  const { parts, chunks, committed } = state;
  // Field by field: a session object carries in-memory state (promises, results) too.
  const journal: Journal = {
    id: state.id,
    handle: state.handle,
    uri: state.uri,
    key: state.key,
    region: state.region,
    filename: state.filename,
    mimetype: state.mimetype,
    size: state.size,
    store: state.store,
    created: state.created,
    lastParts: state.lastParts,
    parts: Object.fromEntries([...parts].map(([n, bytes]) => [n, toJournalBytes(bytes)])),
    chunks: Object.fromEntries(
      [...chunks].map(([n, byOffset]) => [
        n,
        Object.fromEntries([...byOffset].map(([at, bytes]) => [at, toJournalBytes(bytes)])),
      ]),
    ),
    committed: [...committed],
  };
  await writeFileAtomically(
    join(state.dir, JOURNAL),
    JSON.stringify(journal),
    join(state.dir, `tmp-${randomAlphanumeric(12)}`),
  );
}

/**
 * The state of the upload in `dir` as its journal says, keeping only the parts and chunks whose
 * files are there with their size, and removing every other file of the folder (bytes whose PUT
 * was never answered, temp files). Undefined when there is no readable journal.
 */
export async function readJournal(
  dir: string,
): Promise<{ state: SessionState; dropped: boolean } | undefined> {
  let journal: Journal;
  try {
    journal = JSON.parse(await readFile(join(dir, JOURNAL), 'utf8')) as Journal;
  } catch {
    return undefined;
  }
  const named = new Set([JOURNAL]);
  let dropped = false;
  const present = async (bytes: JournalBytes): Promise<StoredBytes | undefined> => {
    const path = join(dir, basename(bytes.file));
    const found = await stat(path).catch(() => undefined);
    if (found?.size !== bytes.size) {
      dropped = true;
      return undefined;
    }
    named.add(basename(bytes.file));
    return { path, size: bytes.size, md5: bytes.md5 };
  };
  const parts = new Map<number, StoredBytes>();
  for (const [n, bytes] of Object.entries(journal.parts)) {
    const stored = await present(bytes);
    if (stored) parts.set(Number(n), stored);
  }
  const chunks = new Map<number, Map<number, StoredBytes>>();
  for (const [n, byOffset] of Object.entries(journal.chunks)) {
    const kept = new Map<number, StoredBytes>();
    for (const [at, bytes] of Object.entries(byOffset)) {
      const stored = await present(bytes);
      if (stored) kept.set(Number(at), stored);
    }
    if (kept.size > 0) chunks.set(Number(n), kept);
  }
  for (const name of await readdir(dir)) {
    if (!named.has(name)) await rm(join(dir, name), { recursive: true, force: true });
  }
  const { parts: _parts, chunks: _chunks, committed, ...fields } = journal;
  const state: SessionState = {
    ...fields,
    dir,
    parts,
    chunks,
    committed: new Set(committed.filter((n) => parts.has(n))),
  };
  return { state, dropped };
}
