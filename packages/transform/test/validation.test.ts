import { readFileSync } from 'node:fs';
import { ValidationError } from '@fs/core';
import { thrown } from '@fs/test-kit';
import { describe, expect, it } from 'vitest';
import * as transform from '../src/index.js';

/*
 * Every parameter of every task, checked against the project's catalog (catalog/*.json): each
 * factory accepts a valid value, and for every kind of bad value it throws a ValidationError
 * naming `<task>.<parameter>` and the value. The values are derived here from the parameter's
 * declared type and bounds, independently of the generated rules.
 */

interface Node {
  type?: string;
  min?: number;
  max?: number;
  enum?: (string | number)[];
  pattern?: string;
  items?: Node | Node[];
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  oneOf?: Node[];
}
interface Param extends Node {
  name: string;
  required?: boolean;
  remove?: boolean;
}
interface CatalogTask {
  name: string;
  noParams?: boolean;
  requiresOneOf?: string[][];
  params?: Param[];
}
interface Decision {
  handWritten?: boolean;
  required?: string[];
  params?: Record<string, Partial<Param>>;
}

const read = <T>(file: string): T =>
  JSON.parse(readFileSync(new URL(`../catalog/${file}`, import.meta.url), 'utf8')) as T;
const catalog = read<CatalogTask[]>('transform-tasks.json');
const decisions = read<{ tasks: Record<string, Decision> }>('decisions.json').tasks;

const paramsOf = (task: CatalogTask): Param[] => {
  const overrides = decisions[task.name]?.params ?? {};
  const params = (task.params ?? [])
    .filter((param) => !overrides[param.name]?.remove)
    .map((param) => ({ ...param, ...overrides[param.name] }) as Param);
  for (const [name, added] of Object.entries(overrides)) {
    if (!added.remove && !params.some((param) => param.name === name)) {
      params.push({ name, ...added } as Param);
    }
  }
  return params;
};

const typeOf = (node: Node) => node.type ?? (node.oneOf ? 'union' : 'unknown');
const SAMPLES: Record<string, string> = {
  '^(\\d+(?:-\\d+)?)$|^(-\\d+)$|^(\\d+-)$': '2-4',
  '^([0-1]?\\d|2[0-3])(?::([0-5]?\\d))?(?::([0-5]?\\d))?$': '00:01:30',
  '^https?:\\/\\/[^\\s"]+$': 'https://example.com/viewer.css',
};

/** A value the node accepts. */
function good(node: Node): unknown {
  switch (typeOf(node)) {
    case 'integer':
    case 'number':
      return node.max !== undefined && node.max < 1 ? node.max : Math.max(node.min ?? 1, 1);
    case 'boolean':
      return true;
    case 'string':
      return node.pattern ? SAMPLES[node.pattern] : 'abc';
    case 'enum':
      return node.enum![0];
    case 'color':
      return 'fa0';
    case 'array':
      if (Array.isArray(node.items)) return node.items.map(good);
      {
        const item = good(node.items!);
        // Distinct numbers when the list must not repeat itself.
        return Array.from({ length: Math.max(node.minItems ?? 1, 1) }, (_, i) =>
          node.uniqueItems && typeof item === 'number' ? item + i : item,
        );
      }
    case 'union':
      return good(node.oneOf![0]!);
    default:
      throw new Error(`no sample for ${JSON.stringify(node)}`);
  }
}

/** Values the node rejects, one per way of being wrong. */
function bad(node: Node): unknown[] {
  switch (typeOf(node)) {
    case 'integer':
      return [
        ...(node.min !== undefined ? [node.min - 1] : []),
        ...(node.max !== undefined ? [node.max + 1] : []),
        ...(node.max === undefined || node.max - (node.min ?? 0) >= 1
          ? [(node.min ?? 0) + 0.5]
          : []),
        '1',
        Number.NaN,
      ];
    case 'number':
      return [
        ...(node.min !== undefined ? [node.min - 1] : []),
        ...(node.max !== undefined ? [node.max + 1] : []),
        '1',
        Number.NaN,
        Infinity,
      ];
    case 'boolean':
      return ['true', 1, null];
    case 'string':
      return ['', 5, 'a"b', ...(node.pattern ? ['nope'] : [])];
    case 'enum':
      return ['nope', typeof node.enum![0] === 'number' ? 99 : 1];
    case 'color':
      return ['#fff', '1234', 'light blue', 'red!', 0xfff];
    case 'array': {
      const sample = good(node) as unknown[];
      const wrongItem = Array.isArray(node.items)
        ? [sample.map((item, i) => (i === 0 ? bad((node.items as Node[])[0]!)[0] : item))]
        : sample.length
          ? [[bad(node.items!)[0], ...sample.slice(1)]]
          : [];
      return [
        'x',
        ...wrongItem,
        ...(Array.isArray(node.items) ? [sample.slice(1)] : []),
        ...(node.minItems ? [[]] : []),
        ...(node.maxItems && !Array.isArray(node.items)
          ? [
              Array.from({ length: node.maxItems + 1 }, (_, i) =>
                typeof sample[0] === 'number' ? i + 1 : sample[0],
              ),
            ]
          : []),
        ...(node.uniqueItems && !Array.isArray(node.items) ? [[sample[0], sample[0]]] : []),
      ];
    }
    case 'union':
      return [{}, 'zzz-not-allowed', [[1]]];
    default:
      return [];
  }
}

const camel = (name: string) => name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
const factoryOf = (name: string) =>
  (transform as unknown as Record<string, (params?: unknown) => transform.Task>)[camel(name)]!;

const tasks = catalog.filter((task) => !decisions[task.name]?.handWritten);
const withParams = tasks.filter((task) => paramsOf(task).length > 0);

/** The smallest valid parameters: every required one, and one of the alternatives. */
function minimal(task: CatalogTask): Record<string, unknown> {
  const params = paramsOf(task);
  const needed = new Set([
    ...params.filter((param) => param.required).map((param) => param.name),
    ...(decisions[task.name]?.required ?? []),
    ...(task.requiresOneOf?.[0] ?? []),
  ]);
  return Object.fromEntries(
    params.filter((param) => needed.has(param.name)).map((param) => [param.name, good(param)]),
  );
}

const cases = withParams.flatMap((task) =>
  paramsOf(task).flatMap((param) =>
    bad(param).map((value) => [task.name, param.name, value] as [string, string, unknown]),
  ),
);

describe('every parameter of every task', () => {
  it('covers all parameters of the catalog with at least one bad value', () => {
    for (const task of withParams) {
      for (const param of paramsOf(task)) {
        expect(
          cases.some(([t, p]) => t === task.name && p === param.name),
          `${task.name}.${param.name}`,
        ).toBe(true);
      }
    }
    expect(cases.length).toBeGreaterThan(500);
  });

  it.each(
    withParams.flatMap((task) =>
      paramsOf(task).map(
        (param) => [task.name, param.name, good(param)] as [string, string, unknown],
      ),
    ),
  )('%s accepts %s = %j', (name, param, value) => {
    const step = factoryOf(name)({
      ...minimal(catalog.find((t) => t.name === name)!),
      [param]: value,
    });
    expect(step.params?.[param]).toEqual(value);
  });

  it.each(cases)('%s rejects %s = %j', (name, param, value) => {
    const task = catalog.find((t) => t.name === name)!;
    const error = thrown(
      () => factoryOf(name)({ ...minimal(task), [param]: value }),
      ValidationError,
      { option: `${name}.${param}`, received: value },
    );
    expect(error.message).toMatch(new RegExp(`^Invalid ${name}\\.${param}: got .+; expected .+`));
  });
});

describe('every task', () => {
  it.each(withParams.map((task) => task.name))(
    '%s rejects a parameter it does not know',
    (name) => {
      const task = catalog.find((t) => t.name === name)!;
      const error = thrown(() => factoryOf(name)({ ...minimal(task), bogus: 1 }), ValidationError, {
        option: `${name}.bogus`,
        received: 1,
      });
      for (const param of paramsOf(task)) expect(error.allowed).toContain(param.name);
    },
  );

  it.each(
    withParams.filter((task) => Object.keys(minimal(task)).length > 0).map((task) => task.name),
  )('%s rejects missing required parameters', (name) => {
    const task = catalog.find((t) => t.name === name)!;
    for (const key of Object.keys(minimal(task))) {
      const given = { ...minimal(task) };
      delete given[key];
      const oneOf = task.requiresOneOf?.flat() ?? [];
      const option = oneOf.includes(key) ? `${name}.${oneOf.join('|')}` : `${name}.${key}`;
      thrown(() => factoryOf(name)(given), ValidationError, {
        option: option,
        received: undefined,
      });
    }
  });

  it.each(tasks.filter((task) => paramsOf(task).length === 0).map((task) => task.name))(
    '%s takes no parameters and is written bare',
    (name) => {
      expect(factoryOf(name)()).toEqual({ name });
    },
  );
});

describe('messages', () => {
  it.each([
    [
      () => transform.resize({ width: 0 }),
      'Invalid resize.width: got 0; expected an integer from 1 to 10000',
    ],
    [
      () => transform.resize({}),
      'Invalid resize.width|height: got undefined; expected width or height',
    ],
    [
      () => transform.resize({ width: 5, fit: 'fill' as never }),
      'Invalid resize.fit: got "fill"; expected one of clip, crop, scale, max',
    ],
    [
      () => transform.resize({ width: 5, align: ['left', 'top'] as never }),
      'Invalid resize.align: got an array of 2; expected one of top|middle|bottom|left|center|right|faces, or [top|middle|bottom, left|center|right]',
    ],
    [
      () => transform.crop({ dim: [0, 0, 0, 10] }),
      'Invalid crop.dim: got an array of 4; expected [an integer from 0 to 100000; an integer from 0 to 100000; an integer from 1 to 100000; an integer from 1 to 100000]',
    ],
    [
      () => transform.cropFaces({ faces: [1, 1] }),
      'Invalid crop_faces.faces: got an array of 2; expected one of all, or an integer from 1 to 1000, or a list of distinct items, each an integer from 1 to 1000',
    ],
    [
      () => transform.border({ color: '#ffffff' }),
      'Invalid border.color: got "#ffffff"; expected a color: 3, 6 or 8 hex digits without "#", or a color name such as "white"',
    ],
    [
      () => transform.videoConvert({ clip_length: '1 minute' }),
      'Invalid video_convert.clip_length: got "1 minute"; expected a duration hh:mm:ss such as "00:01:30"',
    ],
    [
      () => transform.resize({ widht: 5 } as never),
      'Invalid resize.widht: got 5; expected a resize parameter: width, height, fit, align',
    ],
  ])('%#: %s', (run, message) => {
    expect(run).toThrow(message);
  });
});
