/**
 * The part of Vitest's API the packages' test files use, small enough to run inside any
 * JavaScript runtime: `describe`, `it`/`test` (with `.each`, `.skip`, `.only`, `.todo`), the four
 * hooks, `expect` (Vitest's own `@vitest/expect`, so matchers behave exactly as under Vitest),
 * `expectTypeOf` (type-level only, a no-op at run time as in Vitest) and `vi.fn`/`vi.spyOn`/
 * `vi.stubGlobal`. The bundler maps `import ... from 'vitest'` in test files to this module.
 *
 * Tests are collected while the test files are imported and run by `runCollected()`, in
 * declaration order, one at a time.
 */
import {
  ASYMMETRIC_MATCHERS_OBJECT,
  ChaiStyleAssertions,
  chai,
  customMatchers,
  type ExpectStatic,
  getState,
  JestAsymmetricMatchers,
  JestChaiExpect,
  JestExtend,
  setState,
} from '@vitest/expect';
import { fn, spyOn } from '@vitest/spy';

type Hook = () => unknown;
type TestFn = (context: TestContext) => unknown;

interface TestContext {
  /** Runs `callback` after the test, pass or fail (as Vitest's `onTestFinished`). */
  onTestFinished(callback: Hook): void;
}

interface TestCase {
  kind: 'test';
  name: string;
  fn?: TestFn;
  mode: 'run' | 'skip' | 'only' | 'todo';
  timeout: number;
}

interface Suite {
  kind: 'suite';
  name: string;
  mode: 'run' | 'skip' | 'only';
  items: (TestCase | Suite)[];
  beforeAll: Hook[];
  afterAll: Hook[];
  beforeEach: Hook[];
  afterEach: Hook[];
}

/** One test's outcome, as `runCollected` reports it. */
export interface TestResult {
  /** File, then suite names, then the test name, joined with ' > '. */
  name: string;
  state: 'pass' | 'fail' | 'skip';
  error?: string;
  ms: number;
}

const DEFAULT_TIMEOUT = 30_000;

const newSuite = (name: string, mode: Suite['mode'] = 'run'): Suite => ({
  kind: 'suite',
  name,
  mode,
  items: [],
  beforeAll: [],
  afterAll: [],
  beforeEach: [],
  afterEach: [],
});

let root = newSuite('');
let current = root;

/** Starts collecting a new test file: what it declares goes under a suite named `file`. */
export function collectFile(file: string): void {
  const suite = newSuite(file);
  root.items.push(suite);
  current = suite;
}

/** Drops everything collected (for the runner's own tests). */
export function resetCollected(): void {
  root = newSuite('');
  current = root;
}

// ---------------------------------------------------------------------------------------------
// Declaring

/** Vitest's options argument of `describe` and `it`, of which the shim reads `timeout`. */
interface TestOptions {
  timeout?: number;
}

/** The timeout of tests declared now: the nearest `describe(name, { timeout }, ...)`'s. */
let declaredTimeout = DEFAULT_TIMEOUT;

type SuiteArgs = [body: () => void] | [options: TestOptions, body: () => void];

function declareSuite(name: string, args: SuiteArgs, mode: Suite['mode']): void {
  const [options, body] = args.length === 1 ? [{}, args[0]] : args;
  const suite = newSuite(name, mode);
  current.items.push(suite);
  const parent = current;
  const parentTimeout = declaredTimeout;
  current = suite;
  declaredTimeout = options.timeout ?? declaredTimeout;
  try {
    const result = body() as unknown;
    if (result instanceof Promise) throw new Error(`describe("${name}") must not be async`);
  } finally {
    current = parent;
    declaredTimeout = parentTimeout;
  }
}

function declareTest(
  name: string,
  test: TestFn | undefined,
  mode: TestCase['mode'],
  timeout?: number,
) {
  current.items.push({ kind: 'test', name, fn: test, mode, timeout: timeout ?? declaredTimeout });
}

/** `%s %d %i %f %j %o %O %#  %%` and `$key` in `.each` titles, as Vitest writes them. */
function formatTitle(template: string, args: unknown[], index: number): string {
  const show = (value: unknown) =>
    typeof value === 'string'
      ? value
      : typeof value === 'function'
        ? value.name || 'fn'
        : safeJson(value);
  let next = 0;
  let title = template.replace(/%[sdifjoO#%]/g, (token) => {
    if (token === '%%') return '%';
    if (token === '%#') return String(index);
    const value = args[next++];
    if (token === '%d' || token === '%i') return String(Number.parseInt(String(value), 10));
    if (token === '%f') return String(Number(value));
    if (token === '%j' || token === '%o' || token === '%O') return safeJson(value);
    return show(value);
  });
  const first = args[0];
  if (args.length === 1 && first !== null && typeof first === 'object') {
    title = title.replace(/\$([\w.]+)/g, (whole, path: string) => {
      let value: unknown = first;
      for (const key of path.split('.'))
        value = (value as Record<string, unknown> | undefined)?.[key];
      return value === undefined ? whole : show(value);
    });
  }
  return title;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function makeEach(mode: TestCase['mode']) {
  return (table: readonly unknown[]) =>
    (name: string, body: (...args: unknown[]) => unknown, timeout?: number) => {
      table.forEach((row, index) => {
        const args = Array.isArray(row) ? row : [row];
        declareTest(formatTitle(name, args, index), () => body(...args), mode, timeout);
      });
    };
}

/** `it(name, body?, timeout?)` or Vitest's `it(name, { timeout }, body)`. */
type TestArgs = [body?: TestFn, timeout?: number] | [options: TestOptions, body: TestFn];
type Declare = (name: string, ...args: TestArgs) => void;

function declareWith(mode: TestCase['mode'] | 'run-or-todo'): Declare {
  return (name, ...args) => {
    const [body, timeout] =
      typeof args[0] === 'object'
        ? [args[1] as TestFn, args[0].timeout]
        : (args as [TestFn?, number?]);
    declareTest(name, body, mode === 'run-or-todo' ? (body ? 'run' : 'todo') : mode, timeout);
  };
}

type TestApi = Declare & {
  skip: Declare;
  only: Declare;
  todo: (name: string) => void;
  each: ReturnType<typeof makeEach>;
};

const testApi: TestApi = Object.assign(declareWith('run-or-todo'), {
  skip: declareWith('skip'),
  only: declareWith('only'),
  todo: (name: string) => declareTest(name, undefined, 'todo'),
  each: makeEach('run'),
});

export const it = testApi;
export const test = testApi;

export const describe = Object.assign(
  (name: string, ...args: SuiteArgs) => declareSuite(name, args, 'run'),
  {
    skip: (name: string, ...args: SuiteArgs) => declareSuite(name, args, 'skip'),
    only: (name: string, ...args: SuiteArgs) => declareSuite(name, args, 'only'),
  },
);

export const beforeAll = (hook: Hook) => void current.beforeAll.push(hook);
export const afterAll = (hook: Hook) => void current.afterAll.push(hook);
export const beforeEach = (hook: Hook) => void current.beforeEach.push(hook);
export const afterEach = (hook: Hook) => void current.afterEach.push(hook);

// ---------------------------------------------------------------------------------------------
// expect: the same chai plugins Vitest installs, minus snapshots.

chai.use(JestExtend);
chai.use(JestChaiExpect);
chai.use(ChaiStyleAssertions);
chai.use(JestAsymmetricMatchers);

/** What `expect(...).resolves/rejects` record their promises on, as Vitest's test task. */
interface RunningTest {
  type: 'test';
  fullTestName: string;
  promises?: Promise<unknown>[];
  onFinished?: (() => void)[];
}

let running: RunningTest | undefined;

type Loose = ((value: unknown, message?: string) => unknown) & Record<string, unknown>;

const looseExpect = ((value: unknown, message?: string) => {
  const { assertionCalls } = getState(expect);
  setState({ assertionCalls: assertionCalls + 1 }, expect);
  const assertion = chai.expect(value, message) as unknown as {
    withTest(test: RunningTest): unknown;
  };
  return running ? assertion.withTest(running) : assertion;
}) as Loose;

/** Vitest's `expect`, built as Vitest builds it (less snapshots and `expect.poll`). */
export const expect = looseExpect as unknown as ExpectStatic;

Object.assign(looseExpect, chai.expect);
Object.assign(
  looseExpect,
  (globalThis as unknown as Record<symbol, object>)[ASYMMETRIC_MATCHERS_OBJECT as symbol],
);
setState(
  {
    assertionCalls: 0,
    isExpectingAssertions: false,
    isExpectingAssertionsError: null,
    expectedAssertionsNumber: null,
    expectedAssertionsNumberErrorGen: null,
    currentTestName: '',
  },
  expect,
);
looseExpect.getState = () => getState(expect);
looseExpect.setState = (state: object) => setState(state, expect);
looseExpect.extend = (matchers: object) =>
  (chai.expect as unknown as { extend(e: unknown, m: object): void }).extend(expect, matchers);
expect.extend(customMatchers);
looseExpect.unreachable = (message?: string) => {
  chai.assert.fail(`expected${message ? ` "${message}" ` : ' '}not to be reached`);
};

/** Type-level assertions: nothing to check at run time (Vitest's is a no-op there too). */
export function expectTypeOf(_value?: unknown): unknown {
  const chain: unknown = new Proxy(() => chain, { get: () => chain, apply: () => chain });
  return chain;
}

// ---------------------------------------------------------------------------------------------
// vi

const stubbed = new Map<PropertyKey, PropertyDescriptor | undefined>();

export const vi = {
  fn,
  spyOn,
  /** Replaces a global for the test, as Vitest's: an own, writable, configurable value. */
  stubGlobal(name: PropertyKey, value: unknown) {
    if (!stubbed.has(name)) stubbed.set(name, Object.getOwnPropertyDescriptor(globalThis, name));
    Object.defineProperty(globalThis, name, {
      value,
      writable: true,
      configurable: true,
      enumerable: true,
    });
    return vi;
  },
  unstubAllGlobals() {
    for (const [name, original] of stubbed) {
      if (original) Object.defineProperty(globalThis, name, original);
      else Reflect.deleteProperty(globalThis, name);
    }
    stubbed.clear();
    return vi;
  },
};

// ---------------------------------------------------------------------------------------------
// Running

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    const name = error.name && error.name !== 'Error' ? `${error.name}: ` : '';
    return `${name}${error.message}`;
  }
  return String(error);
}

function hasOnly(suite: Suite): boolean {
  return suite.items.some((item) =>
    item.kind === 'test' ? item.mode === 'only' : item.mode === 'only' || hasOnly(item),
  );
}

/** Runs every collected test; `onResult` hears each result as it comes. */
export async function runCollected(
  onResult: (result: TestResult) => void = () => {},
): Promise<TestResult[]> {
  const results: TestResult[] = [];
  const report = (result: TestResult) => {
    results.push(result);
    onResult(result);
  };
  const onlyMode = hasOnly(root);
  const stopWatching = watchUnhandledRejections();

  async function runSuite(suite: Suite, path: string[], chain: Suite[], skipped: boolean) {
    const names = suite.name ? [...path, suite.name] : path;
    const lineage = [...chain, suite];
    const selected = (item: TestCase | Suite, inOnly: boolean): boolean =>
      !onlyMode ||
      inOnly ||
      (item.kind === 'test' ? item.mode === 'only' : item.mode === 'only' || hasOnly(item));
    const inOnly = onlyMode && lineage.some((s) => s.mode === 'only');
    const tests = (s: Suite): TestCase[] =>
      s.items.flatMap((item) => (item.kind === 'test' ? [item] : tests(item)));
    const skipAll = skipped || suite.mode === 'skip';

    let setupError: unknown;
    if (!skipAll && tests(suite).some((t) => selected(t, inOnly))) {
      try {
        for (const hook of suite.beforeAll)
          await withTimeout(Promise.resolve(hook()), DEFAULT_TIMEOUT, 'beforeAll');
      } catch (error) {
        setupError = error;
      }
    }
    for (const item of suite.items) {
      if (item.kind === 'suite') {
        if (setupError !== undefined) {
          for (const t of tests(item)) {
            report({
              name: [...names, item.name, t.name].join(' > '),
              state: 'fail',
              error: `beforeAll failed: ${describeError(setupError)}`,
              ms: 0,
            });
          }
        } else await runSuite(item, names, lineage, skipAll);
        continue;
      }
      const name = [...names, item.name].join(' > ');
      if (
        skipAll ||
        item.mode === 'skip' ||
        item.mode === 'todo' ||
        !item.fn ||
        !selected(item, inOnly)
      ) {
        report({ name, state: 'skip', ms: 0 });
        continue;
      }
      if (setupError !== undefined) {
        report({
          name,
          state: 'fail',
          error: `beforeAll failed: ${describeError(setupError)}`,
          ms: 0,
        });
        continue;
      }
      report(await runTest(item, name, lineage));
    }
    if (!skipAll) {
      for (const hook of suite.afterAll) {
        try {
          await withTimeout(Promise.resolve(hook()), DEFAULT_TIMEOUT, 'afterAll');
        } catch (error) {
          report({
            name: [...names, '(afterAll)'].join(' > '),
            state: 'fail',
            error: describeError(error),
            ms: 0,
          });
        }
      }
    }
  }

  try {
    await runSuite(root, [], [], false);
  } finally {
    stopWatching();
  }
  return results;
}

/**
 * Rejections nobody handled, as Vitest counts them: an `expect(...).rejects` the test did not
 * await fails through one. Node, Bun and Deno report them on `process`, workerd and browsers
 * with an `unhandledrejection` event; both are heard, each reason once.
 */
const unhandled: unknown[] = [];

function watchUnhandledRejections(): () => void {
  const seen = new WeakSet<object>();
  const record = (reason: unknown) => {
    if (reason !== null && typeof reason === 'object') {
      if (seen.has(reason)) return;
      seen.add(reason);
    }
    unhandled.push(reason);
  };
  const onEvent = (event: Event) => {
    event.preventDefault();
    record((event as Event & { reason: unknown }).reason);
  };
  type Listen = (name: string, listener: (reason: unknown) => void) => void;
  const nodeProcess = (globalThis as { process?: { on?: Listen; off?: Listen } }).process;
  const onProcess = (reason: unknown) => record(reason);
  globalThis.addEventListener?.('unhandledrejection', onEvent);
  nodeProcess?.on?.('unhandledRejection', onProcess);
  return () => {
    globalThis.removeEventListener?.('unhandledrejection', onEvent);
    nodeProcess?.off?.('unhandledRejection', onProcess);
  };
}

/** The finish callbacks of the test that runs now, for the module-level `onTestFinished`. */
let finishing: Hook[] | undefined;

/** Registers `callback` to run once the current test has ended, as Vitest's `onTestFinished`. */
export function onTestFinished(callback: Hook): void {
  if (!finishing) throw new Error('onTestFinished: call it while a test runs');
  finishing.push(callback);
}

async function runTest(item: TestCase, name: string, lineage: Suite[]): Promise<TestResult> {
  const started = Date.now();
  const finishers: Hook[] = [];
  finishing = finishers;
  const task: RunningTest = { type: 'test', fullTestName: name };
  running = task;
  setState({ assertionCalls: 0, currentTestName: name }, expect);
  let error: unknown;
  try {
    for (const suite of lineage) {
      for (const hook of suite.beforeEach) await hook();
    }
    const body = Promise.resolve(
      item.fn!({ onTestFinished: (callback) => finishers.push(callback) }),
    );
    await withTimeout(body, item.timeout, 'test');
    // Assertions on promises that the test did not await still count, as under Vitest: still
    // pending ones are awaited, settled ones that failed surface as unhandled rejections.
    await Promise.all(task.promises ?? []);
  } catch (caught) {
    error = caught;
  }
  if (task.onFinished?.length) await new Promise((resolve) => setTimeout(resolve, 0));
  if (unhandled.length > 0) {
    error ??= new Error(`unhandled rejection: ${unhandled.map(describeError).join('; ')}`);
    unhandled.length = 0;
  }
  for (const suite of [...lineage].reverse()) {
    for (const hook of suite.afterEach) {
      try {
        await hook();
      } catch (caught) {
        error ??= caught;
      }
    }
  }
  for (const callback of finishers) {
    try {
      await callback();
    } catch (caught) {
      error ??= caught;
    }
  }
  for (const callback of task.onFinished ?? []) callback();
  running = undefined;
  finishing = undefined;
  const ms = Date.now() - started;
  return error === undefined
    ? { name, state: 'pass', ms }
    : { name, state: 'fail', error: describeError(error), ms };
}
