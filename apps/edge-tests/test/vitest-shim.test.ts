import { afterEach, describe, expect, it } from 'vitest';
import * as shim from '../src/vitest-shim.js';

afterEach(() => shim.resetCollected());

const states = (results: shim.TestResult[]) =>
  Object.fromEntries(results.map((r) => [r.name, r.state]));

describe('the runner used inside edge runtimes', () => {
  it('reports passing, failing and skipped tests under their file and suite names', async () => {
    shim.collectFile('a.test.ts');
    shim.describe('math', () => {
      shim.it('adds', () => shim.expect(1 + 1).toBe(2));
      shim.it('fails', () => shim.expect(1 + 1).toBe(3));
      shim.it.skip('is skipped', () => {});
      shim.it.todo('is to do');
    });
    const results = await shim.runCollected();
    expect(states(results)).toEqual({
      'a.test.ts > math > adds': 'pass',
      'a.test.ts > math > fails': 'fail',
      'a.test.ts > math > is skipped': 'skip',
      'a.test.ts > math > is to do': 'skip',
    });
    expect(results[1]!.error).toContain('expected 2 to be 3');
  });

  it('names .each cases as Vitest does and passes each row', async () => {
    const seen: unknown[] = [];
    shim.collectFile('each.test.ts');
    shim.it.each([
      ['a', 1, { x: 1 }],
      ['b', 2, { x: 2 }],
    ])('%s is %i with %j (%#) %%', (...row) => void seen.push(row));
    shim.it.each([{ name: 'obj' }])('object $name', (row) => void seen.push(row));
    const results = await shim.runCollected();
    expect(results.map((r) => r.name)).toEqual([
      'each.test.ts > a is 1 with {"x":1} (0) %',
      'each.test.ts > b is 2 with {"x":2} (1) %',
      'each.test.ts > object obj',
    ]);
    expect(seen).toEqual([['a', 1, { x: 1 }], ['b', 2, { x: 2 }], { name: 'obj' }]);
  });

  it('runs hooks in order and fails every test of a suite whose beforeAll throws', async () => {
    const order: string[] = [];
    shim.collectFile('hooks.test.ts');
    shim.describe('outer', () => {
      shim.beforeAll(() => void order.push('beforeAll'));
      shim.beforeEach(() => void order.push('beforeEach outer'));
      shim.afterEach(() => void order.push('afterEach outer'));
      shim.afterAll(() => void order.push('afterAll'));
      shim.describe('inner', () => {
        shim.beforeEach(() => void order.push('beforeEach inner'));
        shim.afterEach(() => void order.push('afterEach inner'));
        shim.it('runs', () => void order.push('test'));
      });
    });
    shim.describe('broken', () => {
      shim.beforeAll(() => {
        throw new Error('no database');
      });
      shim.it('one', () => {});
      shim.it('two', () => {});
    });
    const results = await shim.runCollected();
    expect(order).toEqual([
      'beforeAll',
      'beforeEach outer',
      'beforeEach inner',
      'test',
      'afterEach inner',
      'afterEach outer',
      'afterAll',
    ]);
    expect(results.slice(1)).toMatchObject([
      {
        name: 'hooks.test.ts > broken > one',
        state: 'fail',
        error: 'beforeAll failed: no database',
      },
      { name: 'hooks.test.ts > broken > two', state: 'fail' },
    ]);
  });

  it('runs only the .only tests when there are some', async () => {
    shim.collectFile('only.test.ts');
    shim.it('not chosen', () => {});
    shim.it.only('chosen', () => {});
    expect(states(await shim.runCollected())).toEqual({
      'only.test.ts > not chosen': 'skip',
      'only.test.ts > chosen': 'pass',
    });
  });

  it('fails a test on a rejected .resolves it awaited, and on a timeout', async () => {
    shim.collectFile('async.test.ts');
    shim.it('awaits', async () => {
      await shim.expect(Promise.reject(new Error('boom'))).resolves.toBe(1);
    });
    shim.it('hangs', () => new Promise(() => {}), 50);
    const results = await shim.runCollected();
    expect(results[0]).toMatchObject({ state: 'fail' });
    expect(results[0]!.error).toContain('boom');
    expect(results[1]).toMatchObject({ state: 'fail', error: 'test timed out after 50 ms' });
  });

  it('runs what onTestFinished registered once the test ended, after its afterEach hooks', async () => {
    const order: string[] = [];
    shim.collectFile('finished.test.ts');
    shim.afterEach(() => void order.push('afterEach'));
    shim.it('registers', () => {
      shim.onTestFinished(() => void order.push('finished'));
      order.push('body');
    });
    const results = await shim.runCollected();
    expect(states(results)).toEqual({ 'finished.test.ts > registers': 'pass' });
    expect(order).toEqual(['body', 'afterEach', 'finished']);
    expect(() => shim.onTestFinished(() => {})).toThrow('call it while a test runs');
  });

  it("takes Vitest's options argument of describe and it, and their timeout", async () => {
    shim.collectFile('options.test.ts');
    shim.describe('slow suite', { timeout: 50 }, () => {
      shim.it(
        'inherits the suite timeout',
        () => new Promise((resolve) => setTimeout(resolve, 200)),
      );
      shim.it(
        'has its own',
        { timeout: 1000 },
        () => new Promise((resolve) => setTimeout(resolve, 100)),
      );
    });
    const results = await shim.runCollected();
    expect(states(results)).toEqual({
      'options.test.ts > slow suite > inherits the suite timeout': 'fail',
      'options.test.ts > slow suite > has its own': 'pass',
    });
  });

  it('stubs a global for a test and restores it', () => {
    const original = globalThis.crypto;
    shim.vi.stubGlobal('crypto', undefined);
    expect(globalThis.crypto).toBeUndefined();
    shim.vi.unstubAllGlobals();
    expect(globalThis.crypto).toBe(original);
  });

  it('has expectTypeOf as a chain that checks nothing at run time', () => {
    const chain = shim.expectTypeOf(1) as { toEqualTypeOf: () => { not: unknown } };
    expect(() => chain.toEqualTypeOf().not).not.toThrow();
  });
});
