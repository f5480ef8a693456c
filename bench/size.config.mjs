/**
 * Bundle-size budgets checked by `pnpm size` (bench/size.mjs). One entry per canonical browser
 * import of a public package; append yours at the end of the list.
 *
 * An entry is `{ name, budget, code, filestackJs? }`, or `{ name, budget, app, filestackJs? }`:
 *
 * - `name`: `<package>: <what the page does>`, unique, e.g. `"transform: resize URL"`.
 *   `pnpm size -- transform` runs only the entries whose name contains `transform`.
 * - `budget`: the most bytes the bundle may weigh, minified then gzip -9. Set it a little above
 *   today's figure (about 10%, rounded) so a real regression fails, and raise it on purpose.
 * - `code`: an ES module importing published package names (`@fs/<name>`, resolved from each
 *   package's built `dist` through its `exports` map with the `browser` and `import`
 *   conditions). Export what a page would use, so tree-shaking keeps exactly that:
 *   `"export { resolveHosts } from '@fs/core'"`, or a snippet that calls it
 *   (`"import { transformUrl, resize } from '@fs/transform'; export const url = ..."`).
 * - `app` (instead of `code`): a workspace app folder, e.g. `'apps/web'`. Its `build` script runs
 *   and every `.js` file it writes under `dist` is weighed (each gzipped, summed).
 * - `file` (instead of `code`): a built file, relative to the root, that a page loads on its own,
 *   e.g. a Worker script. It is bundled as the entry of its own bundle (minified) and weighed.
 * - `filestackJs` (optional): the same job done with the official `filestack-js`, printed beside
 *   it with the ratio fs / filestack-js. Never budgeted.
 *
 * A browser bundle that pulls a `node:` built-in fails the run, whatever its size.
 */

/** filestack-js ships one prebundled browser file: any import costs the whole SDK. */
const FILESTACK_CLIENT = "import { init } from 'filestack-js'; export const client = init;";

/** @type {import('./size.mjs').SizeEntry[]} */
export default [
  // @fs/core
  {
    name: 'core: hosts',
    budget: 1_200,
    code: "export { resolveHosts } from '@fs/core';",
  },
  {
    name: 'core: typed errors',
    budget: 1_400,
    code: "export { FilestackError, HttpError, ValidationError, AbortError, TimeoutError, NetworkError, isAbortError } from '@fs/core';",
  },
  {
    name: 'core: HTTP client with retries',
    budget: 8_800,
    code: "export { createHttp } from '@fs/core';",
    filestackJs: FILESTACK_CLIENT,
  },
  {
    name: 'core: everything',
    budget: 11_600,
    code: "export * from '@fs/core';",
    filestackJs: FILESTACK_CLIENT,
  },

  // @fs/security
  {
    name: 'security: signPolicy (WebCrypto)',
    budget: 3_350,
    code: "export { signPolicy, createPolicy } from '@fs/security';",
    filestackJs: "import { getSecurity } from 'filestack-js'; export const sign = getSecurity;",
  },
  {
    name: 'security: Security (synchronous)',
    budget: 4_150,
    code: "export { Security, createPolicy } from '@fs/security';",
    filestackJs: "import { getSecurity } from 'filestack-js'; export const sign = getSecurity;",
  },

  // @fs/upload: its API calls go through @fs/core's HTTP layer (ky, about 4.7 KB of this).
  // 18,521 B once Intelligent Ingestion adapted both ways (part-sender.ts, chunk-size.ts: about
  // 500 B), progressTimeout and stored-name sanitizing landed; the hooks of resumable uploads
  // add about 290 B (the stores and the code that resumes are not in it: see the entries below),
  // so the budgets of the upload and client bundles with upload rise by 400 B.
  {
    name: 'upload: upload a file with progress',
    budget: 19_400,
    code: "import { upload } from '@fs/upload'; export const send = (file, onProgress) => upload(file, { apikey: 'KEY', onProgress });",
    filestackJs:
      "import { init } from 'filestack-js'; export const send = (file, onProgress) => init('KEY').upload(file, { onProgress });",
  },
  {
    // Loaded only by pages that upload, once a part needs its MD5: not part of the line above.
    name: 'upload: MD5 worker (md5.worker.js)',
    budget: 1_900,
    file: 'packages/upload/dist/md5.worker.js',
  },
  {
    // The sniffer alone: what a page adds by opting in (`sniffMimetype`), the same in @fs/client.
    // A page without it still carries the hook that reads the first bytes (~190 B).
    name: 'upload: sniffMimetype (MIME type from the first bytes)',
    budget: 850,
    code: "export { sniffMimetype } from '@fs/upload';",
  },
  {
    name: 'upload: upload a file with progress and MIME sniffing',
    budget: 19_900,
    code: "import { sniffMimetype, upload } from '@fs/upload'; export const send = (file, onProgress) => upload(file, { apikey: 'KEY', onProgress, sniffMimetype });",
  },
  // Resumable uploads: the code that resumes comes with the store (the entry above has none of
  // it). fileResumeStore is Node-only (@fs/upload/node), never in a browser bundle.
  {
    name: 'upload: upload resumable with localStorageResumeStore',
    budget: 22_000,
    code: "import { upload, localStorageResumeStore } from '@fs/upload'; export const send = (file, onProgress) => upload(file, { apikey: 'KEY', onProgress, resume: localStorageResumeStore() });",
  },
  {
    name: 'upload: upload resumable with indexedDbResumeStore',
    budget: 22_000,
    code: "import { upload, indexedDbResumeStore } from '@fs/upload'; export const send = (file, onProgress) => upload(file, { apikey: 'KEY', onProgress, resume: indexedDbResumeStore() });",
  },
  {
    name: 'upload: upload resumable with customResumeStore',
    budget: 21_500,
    code: "import { upload, customResumeStore } from '@fs/upload'; export const send = (file, onProgress, store) => upload(file, { apikey: 'KEY', onProgress, resume: customResumeStore(store) });",
  },
  // @fs/transform
  {
    // What each part adds (gzip): the URL writer with its quote and encoding rule ~360 B,
    // core's FilestackError (with isInstance) + ValidationError (with `received` redacted) +
    // redaction + describeValue ~490 B, the resize checks (checkTask, integer, oneOf, position)
    // ~350 B, transformUrl with its source and key rules ~235 B, the cdn/cname and policy
    // checks ~200 B, the call itself ~160 B.
    name: 'transform: transformUrl + resize, signed',
    budget: 2_100,
    code: `import { transformUrl, resize } from '@fs/transform';
export const url = transformUrl('aBcDeFgHiJkLmNoPqRsT', [resize({ width: 400 })], { security: { policy: 'eyJleHBpcnkiOjE2MTcyMjgwMDB9', signature: '8ff61ba46198ad2778933e578e62fdf37ca4e28193655e8cd04f775598165f90' } });`,
    filestackJs: `import { Filelink } from 'filestack-js';
export const url = new Filelink('aBcDeFgHiJkLmNoPqRsT').resize({ width: 400 }).security({ policy: 'eyJleHBpcnkiOjE2MTcyMjgwMDB9', signature: '8ff61ba46198ad2778933e578e62fdf37ca4e28193655e8cd04f775598165f90' }).toString();`,
  },

  // @fs/av
  {
    // Status requests go through @fs/core's HTTP layer (ky). filestack-js only builds the URL:
    // it has no job or poller.
    name: 'av: convert a video and wait for it',
    budget: 11_500,
    code: `import { videoConvert } from '@fs/av';
export const convert = async (handle) => (await videoConvert(handle, { preset: 'h264', width: 1280 })).wait({ timeout: 600000 });`,
    filestackJs: `import { Filelink } from 'filestack-js';
export const convert = (handle) => new Filelink(handle).videoConvert({ preset: 'h264', width: 1280 }).toString();`,
  },

  // @fs/webhooks
  {
    name: 'webhooks: verify a webhook (browser/edge)',
    budget: 1_536,
    code: "import { verifyWebhookSignature } from '@fs/webhooks'; export const verify = verifyWebhookSignature;",
    filestackJs:
      "import { validateWebhookSignature } from 'filestack-js'; export const verify = validateWebhookSignature;",
  },

  // @fs/client: the whole facade (every chain method is on the class, so all task factories
  // come along) plus @fs/upload and the fetch helpers of @fs/transform.
  {
    name: 'client: Client, upload with progress, transform URL',
    // 28,560 B with the upload growth above and the client's uploadMany, createUpload and
    // AudioVisual.fromJob; 28,750 B with the hook that sniffs the first bytes when given a sniffer.
    budget: 29_400,
    code: "import { Client } from '@fs/client'; export const run = async (file, onProgress) => { const client = new Client('KEY'); const filelink = await client.upload({ file, onProgress }); return filelink.resize({ width: 400 }).url; };",
    filestackJs:
      "import { init } from 'filestack-js'; export const run = async (file, onProgress) => { const client = init('KEY'); const stored = await client.upload(file, { onProgress }); return client.transform(stored.handle, { resize: { width: 400 } }); };",
  },

  // Everything @fs/client exports, as `import * as fs from '@fs/client'` keeps it.
  {
    name: 'client: the whole facade (import *)',
    // 32,492 B, for the same reasons; 33,313 B once sniffMimetype (~750 B) is exported too.
    budget: 34_000,
    code: "import * as fs from '@fs/client'; export default fs;",
  },

  // apps/web: the demo page's production JavaScript as Vite builds it (page code included:
  // file picker, drop zone, progress bar, cancel, two images; and the MD5 worker, ~1.7 KB, that
  // Vite emits for @fs/upload and the page loads when it uploads). filestack-js does the same
  // calls without any page code. 22,304 B before the page resumed uploads; 24,783 B with
  // indexedDbResumeStore and the code that resumes (+2,479 B, as the "upload resumable with
  // indexedDbResumeStore" entry above costs over a plain upload) and the line that says so.
  {
    name: 'web: demo page (production JS)',
    budget: 25_000,
    app: 'apps/web',
    filestackJs:
      "import { init } from 'filestack-js'; export const run = async (file, onProgress, token) => { const client = init('KEY'); const stored = await client.upload(file, { onProgress }, {}, token); return client.transform(stored.handle, { resize: { width: 400 }, rounded_corners: { radius: 40 } }); };",
  },
];
