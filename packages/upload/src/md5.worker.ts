// The module Worker that hashes parts off the page's main thread; part-md5.browser.ts starts
// it. Built on its own into dist/md5.worker.js, self-contained (no imports left), next to the
// entry that starts it.
import { md5 } from './md5.js';
import { partBytes } from './part-digest.js';

/**
 * What the worker answers for each part body it is sent, in the order they were sent: the raw
 * digest, or why the part could not be read.
 */
export type Md5Answer = { digest: Uint8Array } | { error: string };

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<Blob | Uint8Array>) => void) | null;
  postMessage(answer: Md5Answer, transfer?: Transferable[]): void;
};

// Parts are read one at a time, in the order asked (a read runs at full speed, and the next one
// while this part is hashed), and answered in that order, so answers need no id.
let lastRead: Promise<unknown> = Promise.resolve();
let lastAnswer: Promise<unknown> = Promise.resolve();

scope.onmessage = ({ data }) => {
  const bytes = lastRead.then(() => partBytes(data));
  lastRead = bytes.catch(() => {});
  lastAnswer = lastAnswer.then(() =>
    bytes.then(
      (read) => {
        const digest = md5(read);
        scope.postMessage({ digest }, [digest.buffer]);
      },
      (error: unknown) => scope.postMessage({ error: String(error) }),
    ),
  );
};
