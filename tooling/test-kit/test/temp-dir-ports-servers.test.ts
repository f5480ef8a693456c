import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { everyRendering, freePort, sendJson, startServer, useTempDir } from '../src/index.js';

const temp = useTempDir('fs-test-kit-');

describe('useTempDir', () => {
  it('gives a directory that exists, to write files in by name', async () => {
    expect(existsSync(temp.dir)).toBe(true);
    const path = await temp.write('a.txt', 'text');
    expect(path).toBe(temp.path('a.txt'));
    expect(readFileSync(path, 'utf8')).toBe('text');
  });
});

describe('freePort', () => {
  it('gives a loopback port that refuses connections', async () => {
    const port = await freePort();
    await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow();
  });
});

describe('everyRendering', () => {
  it('includes the message of every cause, however deep', () => {
    const error = new Error('top', { cause: new Error('middle', { cause: 'deep-secret' }) });
    expect(everyRendering(error).filter((text) => text.includes('deep-secret'))).not.toEqual([]);
    expect(everyRendering(error).some((text) => text.includes('middle'))).toBe(true);
  });
});

describe('startServer', () => {
  it('records each request with its body and lets the test answer it', async () => {
    const server = await startServer((request, response) =>
      sendJson(response, 201, { echo: request.body }),
    );
    try {
      const answer = await fetch(`${server.url}/path?q=1`, { method: 'POST', body: 'hi' });
      expect(answer.status).toBe(201);
      expect(await answer.json()).toEqual({ echo: 'hi' });
      expect(server.requests).toMatchObject([{ method: 'POST', url: '/path?q=1', body: 'hi' }]);
    } finally {
      await server.close();
    }
  });
});
