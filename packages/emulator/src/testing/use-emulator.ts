import { startEmulator } from '../emulator.js';
import type { Emulator, EmulatorOptions, EmulatorUrls, EmulatorWebhooks } from '../types.js';

/** A hook registrar of a test runner, such as vitest's or jest's `beforeAll`. */
export type TestHook = (run: () => unknown) => unknown;

/** The hooks of the test runner that `useEmulator` registers with. */
export interface TestHooks {
  beforeAll: TestHook;
  afterAll: TestHook;
  /** Needed for `reset: 'each'`. */
  beforeEach?: TestHook;
}

/** Options of {@link useEmulator}: the emulator's own options, plus how it fits the test file. */
export interface UseEmulatorOptions extends EmulatorOptions {
  /**
   * `'each'` clears fault rules, the request log and finished webhook deliveries before every
   * test, so nothing leaks from one test into the next (stored files stay); `'none'` leaves
   * them to the tests.
   * @default 'each'
   */
  reset?: 'each' | 'none';
  /**
   * The runner's hooks. Only needed where the runner defines no globals (vitest without
   * `globals: true`, node:test):
   * `useEmulator({ hooks: { beforeAll, afterAll, beforeEach } })`.
   * @default the global `beforeAll`, `afterAll` and `beforeEach` that jest and vitest (with
   * `globals: true`) define
   */
  hooks?: TestHooks;
}

/** The runner's hooks: given, or the globals jest and vitest define. */
function resolveHooks(given: TestHooks | undefined, reset: 'each' | 'none'): TestHooks {
  const globals = globalThis as Partial<Record<keyof TestHooks, unknown>>;
  const hooks = given ?? {
    beforeAll: globals.beforeAll as TestHook,
    afterAll: globals.afterAll as TestHook,
    beforeEach: globals.beforeEach as TestHook | undefined,
  };
  const needed: (keyof TestHooks)[] =
    reset === 'each' ? ['beforeAll', 'afterAll', 'beforeEach'] : ['beforeAll', 'afterAll'];
  const missing = needed.filter((name) => typeof hooks[name] !== 'function');
  if (missing.length > 0) {
    const where = given ? 'in the hooks option' : 'as globals';
    throw new TypeError(
      `useEmulator: no ${missing.join(', ')} ${where}. Pass your runner's hooks: ` +
        'useEmulator({ hooks: { beforeAll, afterAll, beforeEach } }) (vitest without ' +
        "globals: true, node:test's before/after/beforeEach), or use reset: 'none' without beforeEach.",
    );
  }
  return hooks;
}

/**
 * The emulator of a test file, as an {@link Emulator} that delegates to the one started in
 * `beforeAll`. Reading it before then (at the top level of the file) throws, saying why.
 */
class TestFileEmulator implements Emulator {
  #running: Emulator | undefined;

  readonly faults: Emulator['faults'] = {
    add: (rule) => this.#emulator().faults.add(rule),
    clear: () => this.#emulator().faults.clear(),
  };

  readonly webhooks: EmulatorWebhooks;

  constructor() {
    const of = () => this.#emulator().webhooks;
    this.webhooks = {
      get secret() {
        return of().secret;
      },
      add: (url) => of().add(url),
      remove: (url) => of().remove(url),
      endpoints: () => of().endpoints(),
      deliveries: () => of().deliveries(),
      settled: () => of().settled(),
    };
  }

  /** Called by the `beforeAll` hook. */
  attach(emulator: Emulator): void {
    this.#running = emulator;
  }

  /** Called by the `afterAll` hook. */
  detach(): Emulator | undefined {
    const running = this.#running;
    this.#running = undefined;
    return running;
  }

  #emulator(): Emulator {
    if (!this.#running) {
      throw new Error(
        'useEmulator: the emulator runs from beforeAll to afterAll; use it inside tests and hooks, not at the top level of the file',
      );
    }
    return this.#running;
  }

  get url(): string {
    return this.#emulator().url;
  }
  get urls(): EmulatorUrls {
    return this.#emulator().urls;
  }
  get apikey(): string {
    return this.#emulator().apikey;
  }
  get secret(): string | undefined {
    return this.#emulator().secret;
  }
  get dataDir(): string {
    return this.#emulator().dataDir;
  }
  stats() {
    return this.#emulator().stats();
  }
  reset(): void {
    this.#emulator().reset();
  }
  close(): Promise<void> {
    return this.#emulator().close();
  }
}

/**
 * Gives a test file its own emulator: started before the file's tests (`beforeAll`), reset
 * before each test (`reset: 'each'`, the default) and closed after them (`afterAll`). Call it at
 * the top level of the file; use what it returns inside tests and hooks. It never imports a test
 * runner: it takes the hooks jest and vitest (with `globals: true`) define as globals, or the
 * ones you pass.
 *
 * @example
 * ```ts
 * import { afterAll, beforeAll, beforeEach, it } from 'vitest';
 * import { useEmulator } from '@fs/emulator/testing';
 *
 * const emu = useEmulator({ hooks: { beforeAll, afterAll, beforeEach } }); // jest: useEmulator()
 *
 * it('retries a part PUT that failed', async () => {
 *   emu.faults.add({ route: 'put', kind: 'status', status: 503, times: 1 });
 *   // ... upload to emu.urls with emu.apikey, then check emu.stats()
 * });
 * ```
 */
export function useEmulator(options: UseEmulatorOptions = {}): Emulator {
  const { reset = 'each', hooks: given, ...emulatorOptions } = options;
  if (reset !== 'each' && reset !== 'none') {
    throw new TypeError(
      `useEmulator reset: got ${JSON.stringify(reset)}; expected 'each' or 'none'`,
    );
  }
  const hooks = resolveHooks(given, reset);
  const emulator = new TestFileEmulator();
  hooks.beforeAll(async () => {
    emulator.attach(await startEmulator(emulatorOptions));
  });
  if (reset === 'each') hooks.beforeEach!(() => emulator.reset());
  hooks.afterAll(() => emulator.detach()?.close());
  return emulator;
}
