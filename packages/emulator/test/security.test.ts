import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../src/index.js';
import { checkAccess, decodeLenientBase64, signPolicy } from '../src/security/policy.js';
import { type Origin, serveOrigin, useEmulator } from '../src/testing/index.js';
import {
  asBody,
  download,
  echo,
  hooks,
  inAnHour,
  postJson,
  putPart,
  request,
  signedPolicy,
  startUpload,
  testBytes,
  uploadRegular,
} from './helpers.js';

const SECRET = 'emulator-test-secret';
const emu = useEmulator({ hooks, secret: SECRET });
let source: Origin;
const sign = (policy: Record<string, unknown>) => signedPolicy(SECRET, policy);
const all = () => sign({ expiry: inAnHour() });

beforeAll(async () => {
  source = await serveOrigin({
    '/a.txt': { body: Buffer.from('remote bytes'), type: 'text/plain' },
  });
});
afterAll(() => source.close());

async function storedFile() {
  const { body } = await uploadRegular(emu, Buffer.from('secured bytes'), { security: all() });
  expect(body.handle).toBeTypeOf('string');
  return body.handle as string;
}

const query = (s: { policy: string; signature: string }) =>
  `policy=${encodeURIComponent(s.policy)}&signature=${s.signature}`;

describe('signatures', () => {
  it('match the Python, JS and Go vectors', () => {
    expect(signPolicy('eyJjYWxsIjogWyJyZWFkIl0sICJleHBpcnkiOiAxMDIzODIzOX0=', 'APPSECRET')).toBe(
      '858d1ee9c0a1f06283e495f78dc7950ff6e64136ce960465f35539791fcd486b',
    );
    const js = Buffer.from(
      JSON.stringify({
        expiry: 1523595600,
        call: [
          'pick',
          'read',
          'stat',
          'write',
          'writeUrl',
          'store',
          'convert',
          'remove',
          'exif',
          'runWorkflow',
        ],
        handle: 'TEST_HANDLE',
      }),
    ).toString('base64');
    expect(signPolicy(js, 'testAppSecret')).toBe(
      '7df0536104cdcc16370ad6494cdbda30c9773a62eec6e5153fa539544db6206e',
    );
    expect(signPolicy('eyJleHBpcnkiOjE2MTcyMjgwMDB9', 'MBVEKA6ARFGNDDTVY7IQDZ4HYU')).toBe(
      '8ff61ba46198ad2778933e578e62fdf37ca4e28193655e8cd04f775598165f90',
    );
  });

  it('decode base64 leniently: both alphabets, padding optional, spaces as +', () => {
    const bytes = Buffer.from([0xfb, 0xff, 0xbf, 0x01]);
    for (const text of ['+/+/AQ==', '-_-_AQ==', '-_-_AQ', ' / /AQ']) {
      expect(decodeLenientBase64(text)).toEqual(bytes);
    }
    expect(decodeLenientBase64('not base64!')).toBeUndefined();
  });

  it('are lower-case hex only, as the service takes them', async () => {
    const read = sign({ expiry: inAnHour(), call: ['read'] });
    const upper = { ...read, signature: read.signature.toUpperCase() };
    expect(checkAccess(SECRET, upper.policy, upper.signature, { calls: ['read'] })).toEqual({
      reason: 'signature does not match the policy',
    });
    const handle = await storedFile();
    expect((await request(`${emu.url}/${handle}?${query(upper)}`)).status).toBe(403);
    expect((await request(`${emu.url}/${handle}?${query(read)}`)).status).toBe(200);
  });

  it('accept a policy in every encoding clients send', () => {
    const policy = { expiry: inAnHour(), call: ['read'], note: '>>>???' };
    for (const [alphabet, padding] of [
      ['url', true],
      ['url', false],
      ['standard', true],
      ['standard', false],
    ] as const) {
      const s = signedPolicy(SECRET, policy, alphabet, padding);
      expect(checkAccess(SECRET, s.policy, s.signature, { calls: ['read'] })).toBeUndefined();
    }
  });
});

describe('upload API security', () => {
  it('answers 403 Invalid App policy without credentials or with a bad signature', async () => {
    const none = await startUpload(emu, 5);
    expect(none.status).toBe(403);
    expect(none.body).toMatchObject({ error: 'Invalid App policy' });
    const forged = await startUpload(emu, 5, { ...all(), signature: 'a'.repeat(64) });
    expect(forged.status).toBe(403);
    expect((forged.body as unknown as { detail: string }).detail).toMatch(/signature/);
  });

  it('refuses an expired policy and one without the pick call', async () => {
    const expired = await startUpload(emu, 5, sign({ expiry: Math.floor(Date.now() / 1000) - 5 }));
    expect(expired.status).toBe(403);
    expect((expired.body as unknown as { detail: string }).detail).toBe('policy expired');
    const readOnly = await startUpload(emu, 5, sign({ expiry: inAnHour(), call: ['read'] }));
    expect(readOnly.status).toBe(403);
    expect((readOnly.body as unknown as { detail: string }).detail).toMatch(/"pick"/);
  });

  it('enforces maxSize and minSize on the declared size', async () => {
    const limits = sign({ expiry: inAnHour(), maxSize: 10, minSize: 2 });
    expect((await startUpload(emu, 11, limits)).status).toBe(403);
    expect((await startUpload(emu, 1, limits)).status).toBe(403);
    expect((await startUpload(emu, 10, limits)).status).toBe(200);
  });

  it('enforces path and container regexes on the store options', async () => {
    const scoped = sign({ expiry: inAnHour(), path: 'uploads/.*', container: 'good-.*' });
    const bad = await startUpload(emu, 5, {
      ...scoped,
      store: { location: 's3', path: 'elsewhere/', container: 'good-bucket' },
    });
    expect(bad.status).toBe(403);
    expect((bad.body as unknown as { detail: string }).detail).toMatch(/path/);
    const badContainer = await startUpload(emu, 5, {
      ...scoped,
      store: { location: 's3', path: 'uploads/x/', container: 'evil' },
    });
    expect(badContainer.status).toBe(403);
    const good = await startUpload(emu, 5, {
      ...scoped,
      store: { location: 's3', path: 'uploads/x/', container: 'good-bucket' },
    });
    expect(good.status).toBe(200);
  });

  it('never requires a policy on upload and commit, but does on complete', async () => {
    const bytes = testBytes(6);
    const { body: start } = await startUpload(emu, 6, all());
    const { etag, status } = await putPart(emu, start, 1, bytes); // no policy sent
    expect(status).toBe(200);
    const parts = [{ part_number: 1, etag }];
    const complete = (extra: object) =>
      postJson(`${emu.url}/multipart/complete`, {
        ...echo(emu, start),
        filename: 'f.bin',
        mimetype: 'application/octet-stream',
        size: 6,
        parts,
        ...extra,
      });
    expect((await complete({})).status).toBe(403);
    const done = await complete(all());
    expect(done.status).toBe(200);
    expect(
      await download(`${done.body.url}?${query(sign({ expiry: inAnHour(), call: ['read'] }))}`),
    ).toEqual(bytes);
  });
});

describe('CDN security', () => {
  it('requires read with a query or a security task in either spelling', async () => {
    const handle = await storedFile();
    expect((await request(`${emu.url}/${handle}`)).status).toBe(403);
    const read = sign({ expiry: inAnHour(), call: ['read'] });
    expect((await request(`${emu.url}/${handle}?${query(read)}`)).status).toBe(200);
    const task = `security=policy:${read.policy},signature:${read.signature}`;
    expect((await request(`${emu.url}/${task}/${handle}`)).status).toBe(200);
    const short = `security=s:${read.signature},p:${read.policy}`;
    expect((await request(`${emu.url}/${emu.apikey}/${short}/${handle}`)).status).toBe(200);
  });

  it('restores a + turned into a space in a query policy', async () => {
    const handle = await storedFile();
    // Standard alphabet (JS): this JSON's base64 contains '+'.
    const s = signedPolicy(SECRET, { expiry: inAnHour(), call: ['read'], k: '>>>>' }, 'standard');
    expect(s.policy).toContain('+');
    const raw = `policy=${s.policy}&signature=${s.signature}`; // + unescaped
    expect((await request(`${emu.url}/${handle}?${raw}`)).status).toBe(200);
  });

  it('answers 403 in plain text for a wrong handle, a disallowed call, and transforms without convert', async () => {
    const handle = await storedFile();
    const other = sign({ expiry: inAnHour(), handle: 'ZZZZZZZZZZZZZZZZZZZZ' });
    const wrong = await request(`${emu.url}/${handle}?${query(other)}`);
    expect(wrong.status).toBe(403);
    expect(wrong.headers.get('content-type')).toMatch(/text\/plain/);
    expect(wrong.body).toBe(
      `application ${emu.apikey} policy error: policy does not allow handle ${handle}`,
    );
    const stat = sign({ expiry: inAnHour(), call: ['stat'] });
    expect((await request(`${emu.url}/${handle}?${query(stat)}`)).status).toBe(403);
    const read = sign({ expiry: inAnHour(), call: ['read'] });
    expect((await request(`${emu.url}/resize=width:10/${handle}?${query(read)}`)).status).toBe(403);
    const convert = sign({ expiry: inAnHour(), call: ['read', 'convert'] });
    // Allowed: the text file then fails as an image, after the policy check.
    const allowed = await request(`${emu.url}/resize=width:10/${handle}?${query(convert)}`);
    expect(allowed.status).toBe(400);
    expect(allowed.body).toMatch(/^resize: the file is not an image/);
  });

  it('never echoes the policy or signature in an error', async () => {
    const handle = await storedFile();
    const s = sign({ expiry: inAnHour(), call: ['stat'] });
    const { body } = await request<string>(`${emu.url}/${handle}?${query(s)}`);
    expect(body).not.toContain(s.policy);
    expect(body).not.toContain(s.signature);
    expect(body).not.toContain(SECRET);
  });

  it('requires store for a store task and checks maxSize on what is stored', async () => {
    const handle = await storedFile();
    const readOnly = sign({ expiry: inAnHour(), call: ['read'] });
    expect((await request(`${emu.url}/store/${handle}?${query(readOnly)}`)).status).toBe(403);
    const small = sign({ expiry: inAnHour(), call: ['store'], maxSize: 3 });
    expect((await request(`${emu.url}/store/${handle}?${query(small)}`)).status).toBe(403);
    const store = sign({ expiry: inAnHour(), call: ['store'] });
    expect((await request(`${emu.url}/store/${handle}?${query(store)}`)).status).toBe(200);
  });
});

describe('file API security', () => {
  it('requires stat for metadata and an explicit exif grant for exif', async () => {
    const handle = await storedFile();
    const url = `${emu.urls.api}/file/${handle}/metadata`;
    expect((await request(url)).status).toBe(403);
    expect(
      (await request(`${url}?${query(sign({ expiry: inAnHour(), call: ['stat'] }))}`)).status,
    ).toBe(200);
    expect((await request(`${url}?exif=true&${query(all())}`)).status).toBe(403);
    const exif = sign({ expiry: inAnHour(), call: ['stat', 'exif'] });
    expect((await request(`${url}?exif=true&${query(exif)}`)).status).toBe(200);
  });

  it('requires write for bytes and writeUrl (or write_url) for url=', async () => {
    const handle = await storedFile();
    const url = `${emu.urls.api}/file/${handle}`;
    const write = sign({ expiry: inAnHour(), call: ['write'] });
    const overwriteUrl = (s: { policy: string; signature: string }) =>
      request(`${url}?${query(s)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `url=${encodeURIComponent(`${source.url}/a.txt`)}`,
      });
    expect((await request(url, { method: 'POST', body: 'x' })).status).toBe(403);
    expect((await request(`${url}?${query(write)}`, { method: 'POST', body: 'new' })).status).toBe(
      200,
    );
    expect((await overwriteUrl(write)).status).toBe(403);
    expect((await overwriteUrl(sign({ expiry: inAnHour(), call: ['write_url'] }))).status).toBe(
      200,
    );
    const limited = sign({
      expiry: inAnHour(),
      call: ['writeUrl'],
      url: 'https://only\\.example/',
    });
    expect((await overwriteUrl(limited)).status).toBe(403);
  });

  it('requires remove for delete, checks the handle, and takes Basic app:<secret>', async () => {
    const handle = await storedFile();
    const url = `${emu.urls.api}/file/${handle}?key=${emu.apikey}`;
    expect((await request(url, { method: 'DELETE' })).status).toBe(403);
    const otherHandle = sign({
      expiry: inAnHour(),
      call: ['remove'],
      handle: 'YYYYYYYYYYYYYYYYYYYY',
    });
    expect((await request(`${url}&${query(otherHandle)}`, { method: 'DELETE' })).status).toBe(403);
    const basic = `Basic ${Buffer.from(`app:${SECRET}`).toString('base64')}`;
    const wrongBasic = `Basic ${Buffer.from('app:nope').toString('base64')}`;
    expect(
      (await request(url, { method: 'DELETE', headers: { authorization: wrongBasic } })).status,
    ).toBe(403);
    expect(
      (await request(url, { method: 'DELETE', headers: { authorization: basic } })).status,
    ).toBe(200);
    expect((await request(`${emu.url}/${handle}?${query(all())}`)).status).toBe(404);
  });
});

describe('/process security', () => {
  it('requires store, checks url and path, and answers {error} with 403', async () => {
    const body = (security?: { policy: string; signature: string }, path = 'imports/') => ({
      apikey: emu.apikey,
      sources: [`${source.url}/a.txt`],
      tasks: [
        { name: 'store', params: { path } },
        ...(security ? [{ name: 'security', params: security }] : []),
      ],
    });
    expect((await postJson(`${emu.url}/process`, body())).status).toBe(403);
    const pathScoped = sign({ expiry: inAnHour(), call: ['store'], path: 'imports/' });
    const denied = await postJson(`${emu.url}/process`, body(pathScoped, 'other/'));
    expect(denied.status).toBe(403);
    expect(denied.body.error).toBe('invalid security policy path');
    const urlScoped = sign({ expiry: inAnHour(), call: ['store'], url: 'https://cdn\\.example/' });
    expect((await postJson(`${emu.url}/process`, body(urlScoped))).status).toBe(403);
    const ok = await postJson(`${emu.url}/process`, body(pathScoped));
    expect(ok.status).toBe(200);
    const tiny = sign({ expiry: inAnHour(), call: ['store'], maxSize: 4 });
    const tooBig = await postJson(`${emu.url}/process`, body(tiny));
    expect(tooBig.status).toBe(403);
    expect(tooBig.body.error).toMatch(/maxSize/);
  });
});

describe('a policy naming a handle', () => {
  it('holds for every source of /process', async () => {
    const [a, b] = [await storedFile(), await storedFile()];
    const onlyA = sign({ expiry: inAnHour(), call: ['store'], handle: a });
    const store = (sources: string[]) =>
      postJson(`${emu.urls.process}/process`, {
        apikey: emu.apikey,
        sources,
        tasks: [{ name: 'store' }, { name: 'security', params: onlyA }],
      });
    const statuses: number[] = [];
    for (const sources of [[b, b], [a, b], [b]]) statuses.push((await store(sources)).status);
    expect(statuses).toEqual([403, 403, 403]);
    expect((await store([b, b])).body.error).toBe(`policy does not allow handle ${b}`);
    expect((await store([a, a])).status).toBe(200);
  });
});

describe('an overwrite', () => {
  it('holds to the policy maxSize and minSize, keeping the old bytes when refused', async () => {
    const handle = await storedFile();
    const url = `${emu.urls.api}/file/${handle}`;
    const limits = sign({ expiry: inAnHour(), call: ['write'], maxSize: 8, minSize: 3 });
    const overwrite = (bytes: string) =>
      request<string>(`${url}?${query(limits)}`, { method: 'POST', body: bytes });
    const tooBig = await overwrite('nine bytes');
    const tooSmall = await overwrite('no');
    expect([tooBig.status, tooSmall.status]).toEqual([403, 403]);
    expect(tooBig.body).toMatch(/over the policy maxSize 8/);
    expect(tooSmall.body).toMatch(/under the policy minSize 3/);
    const read = sign({ expiry: inAnHour(), call: ['read'] });
    expect((await download(`${emu.url}/${handle}?${query(read)}`)).toString()).toBe(
      'secured bytes',
    );
    expect((await overwrite('fits')).status).toBe(200);
  });
});

describe('without a secret', () => {
  it('needs no policy anywhere', async () => {
    const open = await startEmulator();
    try {
      const { body } = await uploadRegular(open, Buffer.from('open'));
      const url = `${open.urls.api}/file/${body.handle}`;
      expect((await request(url, { method: 'POST', body: asBody(Buffer.from('x')) })).status).toBe(
        200,
      );
      expect((await request(url, { method: 'DELETE' })).status).toBe(200);
    } finally {
      await open.close();
    }
  });
});
