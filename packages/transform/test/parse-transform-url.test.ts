import { readFileSync } from 'node:fs';
import { ValidationError } from '@fs/core';
import { thrown } from '@fs/test-kit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  parseTransformUrl,
  type Task,
  type TaskValue,
  type TransformUrlOptions,
  transformUrl,
} from '../src/index.js';

const CDN = 'https://cdn.filestackcontent.com';
const H = '5aYkEQJSQCmYShsoCnZN';

describe('parseTransformUrl reads', () => {
  it('a handle with tasks', () => {
    expect(parseTransformUrl(`${CDN}/resize=width:400/flip/${H}`)).toEqual({
      source: H,
      tasks: [{ name: 'resize', params: { width: 400 } }, { name: 'flip' }],
      urls: { cdn: CDN },
    });
  });

  it('an API key, an external URL and a trailing security task', () => {
    expect(
      parseTransformUrl(
        `${CDN}/KEY/resize=height:500,width:500/security=p:eyJ9=,s:abc123/https://example.com/a.jpg`,
      ),
    ).toEqual({
      source: 'https://example.com/a.jpg',
      tasks: [{ name: 'resize', params: { height: 500, width: 500 } }],
      apikey: 'KEY',
      security: { policy: 'eyJ9=', signature: 'abc123' },
      urls: { cdn: CDN },
    });
  });

  it('a signature of digits only as text', () => {
    const signature = '1'.repeat(64);
    expect(parseTransformUrl(`${CDN}/security=p:abc,s:${signature}/${H}`).security).toEqual({
      policy: 'abc',
      signature,
    });
  });

  it('a lower-case API key in front of an external source', () => {
    expect(parseTransformUrl(`${CDN}/mykey/flip/src://alias/a.jpg`)).toMatchObject({
      apikey: 'mykey',
      tasks: [{ name: 'flip' }],
      source: 'src://alias/a.jpg',
    });
    expect(parseTransformUrl(`${CDN}/mykey/zip/[${H},${H}]`)).toMatchObject({
      apikey: 'mykey',
      tasks: [{ name: 'zip' }],
    });
  });

  it('quoted, listed and nested values', () => {
    expect(
      parseTransformUrl(
        `${CDN}/t=a:%22x,y%22,b:[[1,2],[%22-3%22,true]],c:%22%22,d:http:test.com,e:-1.5e-7/${H}`,
      ).tasks,
    ).toEqual([
      {
        name: 't',
        params: {
          a: 'x,y',
          b: [
            [1, 2],
            ['-3', true],
          ],
          c: '',
          d: 'http:test.com',
          e: -1.5e-7,
        },
      },
    ]);
  });

  describe('what the official SDKs write', () => {
    it.each([
      [
        'filestack-js: quoted URL source, no key for a filestackcontent URL',
        `${CDN}/upscale/"https://cdn.filestackcontent.com/${H}"`,
        { source: `https://cdn.filestackcontent.com/${H}`, tasks: [{ name: 'upscale' }] },
      ],
      [
        'filestack-js: key in front of a handle',
        `${CDN}/DEFAULT_API_KEY/${H}`,
        { source: H, tasks: [], apikey: 'DEFAULT_API_KEY' },
      ],
      [
        'filestack-js: quoted list elements',
        `${CDN}/DEFAULT_API_KEY/["src://test123/example.jpg","src://test123/b.jpg"]`,
        { source: ['src://test123/example.jpg', 'src://test123/b.jpg'], apikey: 'DEFAULT_API_KEY' },
      ],
      [
        'filestack-js: long security keys',
        `${CDN}/DEFAULT_API_KEY/security=policy:examplePolicy,signature:exampleSignature/${H}`,
        { security: { policy: 'examplePolicy', signature: 'exampleSignature' }, tasks: [] },
      ],
      [
        'filestack-js: quoted watermark file with a URL',
        `${CDN}/K/watermark=file:"http://welcome-swiss.com/wp-content/a.jpg",size:20,position:top/${H}`,
        {
          tasks: [
            {
              name: 'watermark',
              params: {
                file: 'http://welcome-swiss.com/wp-content/a.jpg',
                size: 20,
                position: 'top',
              },
            },
          ],
        },
      ],
      [
        'Python: a store path sent as %22',
        `${CDN}/K/store=path:%22folder/image.jpg%22/https://e.com/a.jpg`,
        { tasks: [{ name: 'store', params: { path: 'folder/image.jpg' } }], apikey: 'K' },
      ],
      [
        'a policy and signature in the query string',
        `${CDN}/${H}?policy=ab+c%3D&signature=ff`,
        { source: H, security: { policy: 'ab+c=', signature: 'ff' } },
      ],
    ])('%s', (_, url, expected) => {
      expect(parseTransformUrl(url)).toMatchObject(expected);
    });
  });
});

describe('parseTransformUrl rejects', () => {
  it.each([
    ['no URL', 42],
    ['no path', CDN],
    ['a path without a source', `${CDN}/`],
    ['a parameter without a colon', `${CDN}/minify_js=targets:not dead,> 1%/${H}`],
    ['an unclosed quote', `${CDN}/t=a:%22x/${H}`],
    ['an unclosed list', `${CDN}/t=a:[1,2/${H}`],
    ['a broken percent-escape', `${CDN}/t=a:%E0%A4/${H}`],
  ])('%s', (_, url) => {
    thrown(() => parseTransformUrl(url as string), ValidationError, { option: 'url' });
  });

  it('without echoing a policy or signature', () => {
    const error = thrown(
      () => parseTransformUrl(`${CDN}/t=a:%E0/security=p:secretpolicy,s:${'a'.repeat(64)}/${H}`),
      ValidationError,
      { option: 'url' },
    );
    expect(JSON.stringify(error)).not.toContain('secretpolicy');
    expect(error.message).not.toContain('secretpolicy');
  });
});

// Property tests: random chains, values, sources and options survive the round trip exactly.
// FC_RUNS=20000 pnpm test runs them longer.
fc.configureGlobal({ numRuns: Number(process.env.FC_RUNS ?? 400) });

const UNICODE = fc.string({ unit: 'grapheme', maxLength: 12 });
const noQuote = (text: string) => !text.includes('"');

const value: fc.Arbitrary<TaskValue> = fc.letrec<{ value: TaskValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    UNICODE.filter(noQuote),
    fc.constantFrom(
      '',
      'true',
      'false',
      '12',
      '-3.5',
      '1e5',
      'a,b',
      'a/b',
      '[x]',
      '%22',
      '?#',
      ' ',
    ),
    fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)),
    fc.integer(),
    fc.boolean(),
    fc.array(tie('value'), { maxLength: 4 }),
  ),
})).value;

const task: fc.Arbitrary<Task> = fc.record(
  {
    name: fc.stringMatching(/^[a-z][a-z0-9_]{0,9}$/).filter((name) => name !== 'security'),
    params: fc.dictionary(fc.stringMatching(/^\w{1,8}$/), value, { maxKeys: 4 }),
  },
  { requiredKeys: ['name'] },
);

const handle = fc.stringMatching(/^[A-Za-z0-9_-]{20}$/);
const external = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('http', 'https', 'HTTPS'),
      fc.stringMatching(/^[a-z0-9.-]{1,12}$/),
      UNICODE,
    )
    .map(([scheme, host, path]) => `${scheme}://${host}/${path}`),
  fc
    .tuple(fc.stringMatching(/^[a-z0-9]{1,8}$/), UNICODE)
    .map(([alias, path]) => `src://${alias}/${path}`),
);
const source = fc.oneof(
  handle,
  external.filter(noQuote),
  fc.array(fc.oneof(handle, external.filter(noQuote)), { minLength: 1, maxLength: 3 }),
);
// A lower-case key that is also a task name (a key "flip") reads back as a task: documented.
const taskNames = new Set(
  (
    JSON.parse(
      readFileSync(new URL('../catalog/transform-tasks.json', import.meta.url), 'utf8'),
    ) as { name: string }[]
  ).map(({ name }) => name),
);
const options = fc.record(
  {
    apikey: fc.stringMatching(/^[\w-]{1,22}$/).filter((key) => !taskNames.has(key)),
    security: fc.record({
      policy: fc.stringMatching(/^[\w\-+/=]{1,40}$/),
      signature: fc.stringMatching(/^[0-9a-f]{1,64}$/),
    }),
    urls: fc.constantFrom(
      { cdn: 'http://127.0.0.1:4000' },
      { cdn: 'https://cdn.filestackcontent.com' },
    ),
  },
  { requiredKeys: ['apikey', 'urls'] },
) as fc.Arbitrary<TransformUrlOptions & { apikey: string; urls: { cdn: string } }>;

/** What a task reads back as: absent parameters dropped, a task without any written bare. */
const normal = ({ name, params = {} }: Task): Task => {
  const given = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined));
  return Object.keys(given).length ? { name, params: given } : { name };
};

describe('round trips (fast-check)', () => {
  it('parseTransformUrl(transformUrl(x)) gives x back', () => {
    fc.assert(
      fc.property(source, fc.array(task, { maxLength: 4 }), options, (src, tasks, opts) => {
        const url = transformUrl(src, tasks, opts);
        const parsed = parseTransformUrl(url);
        const sources = [src].flat();
        const needsKey =
          sources.some((s) => !/^[\w-]{20}$/.test(s)) || tasks.some((t) => t.name === 'zip');
        expect(parsed.source).toEqual(src);
        expect(parsed.tasks).toEqual(tasks.map(normal));
        expect(parsed.apikey).toBe(needsKey ? opts.apikey : undefined);
        expect(parsed.security).toEqual(opts.security);
        expect(parsed.urls).toEqual(opts.urls);
      }),
    );
  });

  it('transformUrl(parseTransformUrl(url)) gives the same URL', () => {
    fc.assert(
      fc.property(source, fc.array(task, { maxLength: 4 }), options, (src, tasks, opts) => {
        const url = transformUrl(src, tasks, opts);
        const parsed = parseTransformUrl(url);
        expect(transformUrl(parsed.source, parsed.tasks, parsed)).toBe(url);
      }),
    );
  });

  it('every URL it builds is a valid URL whose path the WHATWG parser keeps as it is', () => {
    fc.assert(
      fc.property(source, fc.array(task, { maxLength: 3 }), options, (src, tasks, opts) => {
        const url = transformUrl(src, tasks, opts);
        expect(url).toMatch(/^[\x21-\x7e]+$/);
        const parsed = new URL(url);
        expect(parsed.search).toBe('');
        expect(parsed.hash).toBe('');
        expect(`${parsed.origin}${parsed.pathname}`).toBe(url);
      }),
    );
  });
});
