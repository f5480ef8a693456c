import { describe, expect, it } from 'vitest';
import { serveOrigin, type TestHooks, useEmulator } from '../src/testing/index.js';
import { startUpload } from './helpers.js';

/* `@fs/emulator/testing`: the hooks useEmulator registers, run by hand, and serveOrigin. */

/** Hooks that only record what is registered, so a test can run them in order. */
function recordingHooks() {
  const registered: Record<keyof TestHooks, (() => unknown)[]> = {
    beforeAll: [],
    afterAll: [],
    beforeEach: [],
  };
  const hooks: Required<TestHooks> = {
    beforeAll: (run) => registered.beforeAll.push(run),
    afterAll: (run) => registered.afterAll.push(run),
    beforeEach: (run) => registered.beforeEach.push(run),
  };
  const runAll = async (name: keyof TestHooks) => {
    for (const run of registered[name]) await run();
  };
  return { hooks, registered, runAll };
}

type Globals = Partial<Record<keyof TestHooks, unknown>>;

const HOOK_NAMES = ['beforeAll', 'afterAll', 'beforeEach'] as const;

/** Runs `body` with exactly `hooks` as the global hooks, as jest (or vitest with globals) has. */
function withGlobals<T>(hooks: Partial<TestHooks>, body: () => T): T {
  const globals = globalThis as Globals;
  const saved = { ...globals };
  const install = (from: Globals) => {
    for (const name of HOOK_NAMES) {
      if (from[name] === undefined) delete globals[name];
      else globals[name] = from[name];
    }
  };
  install(hooks);
  try {
    return body();
  } finally {
    install(saved);
  }
}

describe('useEmulator', () => {
  it('starts the emulator in beforeAll, resets it before each test and closes it in afterAll', async () => {
    const { hooks, registered, runAll } = recordingHooks();
    const emu = useEmulator({ hooks, apikey: 'TestingKey1' });
    expect(registered.beforeAll).toHaveLength(1);
    expect(registered.beforeEach).toHaveLength(1);
    expect(registered.afterAll).toHaveLength(1);
    expect(() => emu.url).toThrow(/runs from beforeAll to afterAll/);

    await runAll('beforeAll');
    expect(emu.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(emu.apikey).toBe('TestingKey1');
    emu.faults.add({ route: 'start', kind: 'status', status: 500 });
    expect((await startUpload(emu, 5)).status).toBe(500);
    expect(emu.stats().counts.start).toBe(1);

    await runAll('beforeEach');
    expect(emu.stats().requests).toEqual([]);
    expect((await startUpload(emu, 5)).status).toBe(200);

    const url = emu.url;
    await runAll('afterAll');
    await expect(fetch(url)).rejects.toThrow();
    expect(() => emu.stats()).toThrow(/runs from beforeAll to afterAll/);
  });

  it("registers no beforeEach with reset: 'none', so state carries over between tests", async () => {
    const { hooks, registered, runAll } = recordingHooks();
    const emu = useEmulator({
      hooks: { beforeAll: hooks.beforeAll, afterAll: hooks.afterAll },
      reset: 'none',
    });
    expect(registered.beforeEach).toHaveLength(0);
    await runAll('beforeAll');
    try {
      await startUpload(emu, 5);
      expect(emu.stats().counts.start).toBe(1);
    } finally {
      await runAll('afterAll');
    }
  });

  it('takes the hooks jest and vitest define as globals when none are passed', async () => {
    const { hooks, registered, runAll } = recordingHooks();
    const emu = withGlobals(hooks, () => useEmulator({ webhooks: { secret: 'from-globals' } }));
    expect(registered.beforeAll).toHaveLength(1);
    expect(registered.beforeEach).toHaveLength(1);
    await runAll('beforeAll');
    try {
      expect(emu.webhooks.secret).toBe('from-globals');
    } finally {
      await runAll('afterAll');
    }
  });

  it('says which hooks are missing and how to pass them', () => {
    expect(() => withGlobals({}, () => useEmulator())).toThrow(
      /no beforeAll, afterAll, beforeEach as globals\. Pass your runner's hooks: useEmulator\(\{ hooks: \{ beforeAll, afterAll, beforeEach \} \}\)/,
    );
    const { hooks } = recordingHooks();
    expect(() =>
      useEmulator({ hooks: { beforeAll: hooks.beforeAll, afterAll: hooks.afterAll } }),
    ).toThrow(/no beforeEach in the hooks option/);
    expect(() => useEmulator({ hooks, reset: 'always' as unknown as 'each' })).toThrow(
      /reset: got "always"; expected 'each' or 'none'/,
    );
  });
});

describe('serveOrigin', () => {
  it('answers fixed bodies, fixed answers and functions of the request, and 404 elsewhere', async () => {
    const origin = await serveOrigin({
      '/text': 'plain words',
      '/bytes': new Uint8Array([1, 2, 3]),
      '/moved': { status: 302, headers: { Location: '/text' } },
      '/echo': ({ method, url, headers, body }) => ({
        type: 'application/json',
        body: JSON.stringify({ method, url, auth: headers.authorization, body: body.toString() }),
      }),
      '/broken': () => {
        throw new Error('route failed');
      },
    });
    try {
      const text = await fetch(`${origin.url}/text`);
      expect(text.headers.get('content-type')).toBe('application/octet-stream');
      expect(await text.text()).toBe('plain words');
      expect(new Uint8Array(await (await fetch(`${origin.url}/bytes`)).arrayBuffer())).toEqual(
        new Uint8Array([1, 2, 3]),
      );
      const moved = await fetch(`${origin.url}/moved`, { redirect: 'manual' });
      expect([moved.status, moved.headers.get('location')]).toEqual([302, '/text']);
      const echo = await fetch(`${origin.url}/echo?x=1`, {
        method: 'POST',
        headers: { authorization: 'Bearer t' },
        body: 'sent',
      });
      expect(await echo.json()).toEqual({
        method: 'POST',
        url: '/echo?x=1',
        auth: 'Bearer t',
        body: 'sent',
      });
      const missing = await fetch(`${origin.url}/nope`);
      expect([missing.status, await missing.text()]).toEqual([404, 'not found']);
      const broken = await fetch(`${origin.url}/broken`);
      expect([broken.status, await broken.text()]).toEqual([500, 'route failed']);
      expect(origin.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
        'GET /text',
        'GET /bytes',
        'GET /moved',
        'POST /echo',
        'GET /nope',
        'GET /broken',
      ]);
    } finally {
      await origin.close();
    }
  });

  it('closes with a request still unanswered, which then fails', async () => {
    const origin = await serveOrigin({ '/stall': () => new Promise<never>(() => {}) });
    const stalled = fetch(`${origin.url}/stall`);
    while (origin.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await origin.close();
    await expect(stalled).rejects.toThrow();
  });
});
