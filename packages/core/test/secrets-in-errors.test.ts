import { everyRendering, rejection, startServer, type TestServer } from '@fs/test-kit';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createHttp,
  type FetchLike,
  FilestackError,
  HttpError,
  NetworkError,
  securitySource,
  TimeoutError,
  ValidationError,
  withFreshPolicy,
} from '../src/index.js';

const SIGNATURE = 'c0ffee00'.repeat(8);
const POLICY = 'eyJleHBpcnkiOjE3MDAwMDAwMDAsImNhbGwiOlsicmVhZCJdfQ==';
const SECRETS = [SIGNATURE, POLICY, POLICY.slice(0, 20)];

function expectNoSecrets(error: unknown) {
  for (const text of everyRendering(error)) {
    for (const secret of SECRETS) expect(text).not.toContain(secret);
  }
}

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('secrets never reach an error, at any depth', () => {
  it('keeps a signed URL out of a timeout and everything it holds', async () => {
    server = await startServer(() => {
      /* never answers */
    });
    const url = `${server.url}/security=p:${POLICY},s:${SIGNATURE}/h?policy=${POLICY}&signature=${SIGNATURE}`;
    const error = await rejection(
      createHttp({ timeout: 100, retry: 0 }).request({ url }),
      TimeoutError,
    );
    expectNoSecrets(error);
  });

  it('scrubs a foreign cause that quotes the URL or holds the request', async () => {
    const url = `https://cdn.test/h?policy=${POLICY}&signature=${SIGNATURE}`;
    const failing: FetchLike = async (input) => {
      const cause = Object.assign(new Error(`connect failed for ${url}`), { code: 'ECONNRESET' });
      throw Object.assign(new TypeError(`fetch failed: ${url}`, { cause }), { request: input });
    };
    const error = await rejection(
      createHttp({ fetch: failing, retry: 0 }).request({ url, timeout: 1000 }),
      NetworkError,
    );
    const cause = (error as Error).cause as Error & { cause: Error & { code: string } };
    expect(cause).toBeInstanceOf(Error);
    expect(cause.cause.code).toBe('ECONNRESET');
    expect(cause.message).toContain('fetch failed: https://cdn.test/h?policy=[redacted]');
    expectNoSecrets(error);
  });

  it('keeps the fields of a foreign cause that carry no object', async () => {
    const failing: FetchLike = async () => {
      throw Object.assign(new TypeError('fetch failed'), { code: 'ECONNRESET', errno: -104 });
    };
    const error = await rejection(
      createHttp({ fetch: failing, retry: 0 }).request({ url: 'https://cdn.test/h' }),
      NetworkError,
    );
    expect(error.cause).toMatchObject({
      name: 'TypeError',
      message: 'fetch failed',
      code: 'ECONNRESET',
      errno: -104,
    });
  });

  it('redacts policies and signatures in what a ValidationError received', () => {
    const options = {
      apikey: 'KEY',
      security: { policy: POLICY, signature: SIGNATURE },
      nested: [{ note: `signed with ${SIGNATURE}` }],
      onProgress: () => {},
    };
    const error = new ValidationError({ option: 'file', received: options, allowed: 'x' });
    expect(error.received).toMatchObject({
      apikey: 'KEY',
      security: '[redacted]',
      nested: [{ note: 'signed with [redacted]' }],
    });
    expect(options.security.policy).toBe(POLICY);
    expectNoSecrets(error);
  });

  it('redacts an object that carries a signature, such as a Security', () => {
    class Signed {
      policyB64 = POLICY;
      signature = SIGNATURE;
      toJSON() {
        return { policy: this.policyB64, signature: this.signature };
      }
    }
    const error = new ValidationError({ option: 'security', received: new Signed(), allowed: 'x' });
    expect(error.received).toBe('[redacted]');
    expectNoSecrets(error);
  });

  it('redacts policy and signature fields and encoded policies in error bodies', () => {
    const error = new HttpError({
      status: 400,
      method: 'POST',
      url: 'https://upload.test/multipart/start',
      body: { error: `bad policy ${POLICY}`, echo: { policy: POLICY, signature: 'abc' } },
      retryable: false,
    });
    expect(error.body).toEqual({
      error: 'bad policy [redacted]',
      echo: '[redacted]',
    });
    expectNoSecrets(error);
  });

  it('redacts a security provider failure that quotes its policy', async () => {
    const provider = () => {
      throw new Error(`could not refresh ${POLICY} signed ${SIGNATURE}`);
    };
    const error = await rejection(
      withFreshPolicy(securitySource(provider), async () => 'sent'),
      FilestackError,
      { code: 'SECURITY' },
    );
    expect((error.cause as Error).message).toBe('could not refresh [redacted] signed [redacted]');
    expectNoSecrets(error);
  });
});

describe('bodies kept on errors', () => {
  it('keeps the first 64 KiB of a huge error answer and stops reading it', async () => {
    let sent = 0;
    server = await startServer((_, res) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      const chunk = 'x'.repeat(64 * 1024);
      const more = () => {
        while (sent < 64 * 1024 * 1024 && !res.destroyed) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', more);
        }
        res.end();
      };
      more();
    });
    const error = await rejection(createHttp({ retry: 0 }).request({ url: server.url }), HttpError);
    expect((error.body as string).length).toBe(64 * 1024);
    // The client stopped reading: far less than the 64 MiB answer left the server.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(sent).toBeLessThan(32 * 1024 * 1024);
  });
});
