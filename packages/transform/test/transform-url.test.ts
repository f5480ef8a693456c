import { ValidationError } from '@fs/core';
import { thrown } from '@fs/test-kit';
import { describe, expect, it } from 'vitest';
import {
  ascii,
  flip,
  minifyJs,
  output,
  partialPixelate,
  resize,
  roundedCorners,
  security,
  store,
  tags,
  task,
  transformUrl,
  videoConvert,
  zip,
} from '../src/index.js';

const CDN = 'https://cdn.filestackcontent.com';
const URL_SOURCE = 'https://example.com/a.jpg';
const HANDLE = 'aBcDeFgHiJkLmNoPqRsT';
// Test vector of the Python SDK (docs/protocol.md#encoding-and-signing): {"call": ["read"],
// "expiry": 10238239}, APPSECRET.
const POLICY = 'eyJjYWxsIjogWyJyZWFkIl0sICJleHBpcnkiOiAxMDIzODIzOX0=';
const SIGNATURE = '858d1ee9c0a1f06283e495f78dc7950ff6e64136ce960465f35539791fcd486b';

describe('URLs of a transform of a handle or an external URL', () => {
  it('sorts parameters and puts the key before the tasks for an external URL', () => {
    expect(transformUrl(URL_SOURCE, [resize({ width: 500, height: 500 })], { apikey: 'KEY' })).toBe(
      'https://cdn.filestackcontent.com/KEY/resize=height:500,width:500/https://example.com/a.jpg',
    );
  });

  it('writes a bare task and keeps the call order', () => {
    expect(transformUrl(URL_SOURCE, [flip(), resize({ width: 100 })], { apikey: 'KEY' })).toBe(
      `${CDN}/KEY/flip/resize=width:100/https://example.com/a.jpg`,
    );
  });

  it('writes no key for a handle', () => {
    expect(transformUrl(HANDLE, [resize({ width: 400 }), flip()])).toBe(
      'https://cdn.filestackcontent.com/resize=width:400/flip/aBcDeFgHiJkLmNoPqRsT',
    );
  });
});

/*
 * Worked examples 17-25 of the grammar (section 11), the strings the Python SDK's own tests
 * assert. Their placeholder sources are not sources the service accepts, so a real external URL
 * stands in for SOMEEXTERNALURL and a 20-character handle for SOMEHANDLE.
 */
describe('the Python SDK examples', () => {
  const python = (tasks: Parameters<typeof transformUrl>[1]) =>
    transformUrl(URL_SOURCE, tasks, { apikey: 'SOMEAPIKEY' }).replace(
      URL_SOURCE,
      'SOMEEXTERNALURL',
    );

  it('17: resize with sorted parameters', () => {
    expect(python([resize({ width: 500, height: 500 })])).toBe(
      'https://cdn.filestackcontent.com/SOMEAPIKEY/resize=height:500,width:500/SOMEEXTERNALURL',
    );
  });

  it('18: partial_pixelate with nested lists (numbers in place of the x,y,width,height names)', () => {
    const url = python([
      partialPixelate({
        amount: 10,
        blur: 10,
        type: 'rect',
        objects: [
          [1, 2, 3, 4],
          [5, 6, 7, 8],
        ],
      }),
    ]);
    expect(url).toBe(
      'https://cdn.filestackcontent.com/SOMEAPIKEY/partial_pixelate=amount:10,blur:10,objects:[[1,2,3,4],[5,6,7,8]],type:rect/SOMEEXTERNALURL',
    );
  });

  it('19: booleans as true and named colors as they are', () => {
    expect(
      python([
        ascii({
          background: 'black',
          foreground: 'black',
          colored: true,
          size: 100,
          reverse: true,
        }),
      ]),
    ).toBe(
      'https://cdn.filestackcontent.com/SOMEAPIKEY/ascii=background:black,colored:true,foreground:black,reverse:true,size:100/SOMEEXTERNALURL',
    );
  });

  it('20 (deliberate difference): quotes and encodes a value with a comma and spaces', () => {
    // Python writes `targets:not dead,> 1%`, which the service splits at the comma.
    expect(python([minifyJs({ gzip: false, targets: 'not dead,> 1%' })])).toBe(
      'https://cdn.filestackcontent.com/SOMEAPIKEY/minify_js=gzip:false,targets:%22not%20dead,%3E%201%25%22/SOMEEXTERNALURL',
    );
  });

  it('21: filetype_conversion is the output task', () => {
    const url = python([
      output({
        format: 'png',
        background: 'white',
        page: 1,
        density: 50,
        compress: true,
        quality: 80,
        strip: true,
        colorspace: 'input',
        secure: true,
        docinfo: true,
        pageformat: 'legal',
        pageorientation: 'landscape',
      }),
    ]);
    expect(url).toBe(
      'https://cdn.filestackcontent.com/SOMEAPIKEY/output=background:white,colorspace:input,compress:true,density:50,docinfo:true,format:png,page:1,pageformat:legal,pageorientation:landscape,quality:80,secure:true,strip:true/SOMEEXTERNALURL',
    );
  });

  it('22 (deliberate difference): rounded_corners, the service name; task() gives the Python URL', () => {
    expect(python([roundedCorners({ radius: 100 })])).toBe(
      'https://cdn.filestackcontent.com/SOMEAPIKEY/rounded_corners=radius:100/SOMEEXTERNALURL',
    );
    expect(python([task('round_corners', { radius: 100 })])).toBe(
      'https://cdn.filestackcontent.com/SOMEAPIKEY/round_corners=radius:100/SOMEEXTERNALURL',
    );
  });

  it('23: the store path in double quotes, sent as %22', () => {
    const url = python([
      flip(),
      resize({ width: 100 }),
      store({
        filename: 'filename',
        location: 'S3',
        container: 'bucket',
        path: 'folder/image.jpg',
      }),
    ]);
    expect(url).toBe(
      'https://cdn.filestackcontent.com/SOMEAPIKEY/flip/resize=width:100/store=container:bucket,filename:filename,location:S3,path:%22folder/image.jpg%22/SOMEEXTERNALURL',
    );
  });

  it('24: av_convert is the video_convert task', () => {
    expect(python([videoConvert({ width: 500, height: 500 })])).toBe(
      'https://cdn.filestackcontent.com/SOMEAPIKEY/video_convert=height:500,width:500/SOMEEXTERNALURL',
    );
  });

  it('25: security last before the source, and no key for a handle', () => {
    const url = transformUrl(HANDLE, [resize({ width: 100 }), tags()], {
      apikey: 'APIKEY',
      security: { policy: POLICY, signature: SIGNATURE },
    });
    expect(url.replace(HANDLE, 'SOMEHANDLE')).toBe(
      'https://cdn.filestackcontent.com/resize=width:100/tags/security=p:eyJjYWxsIjogWyJyZWFkIl0sICJleHBpcnkiOiAxMDIzODIzOX0=,s:858d1ee9c0a1f06283e495f78dc7950ff6e64136ce960465f35539791fcd486b/SOMEHANDLE',
    );
  });
});

describe('sources', () => {
  it('writes several handles as a list', () => {
    expect(transformUrl([HANDLE, '4aYkEQJSQCmYShsoCnZN'], [])).toBe(
      `${CDN}/[${HANDLE},4aYkEQJSQCmYShsoCnZN]`,
    );
  });

  it('quotes list elements that contain "/" and writes the key for storage aliases', () => {
    expect(
      transformUrl(
        ['src://test123/example.jpg', 'src://test123/flug_9-trans_atlantik-400dpi.jpg'],
        [],
        {
          apikey: 'DEFAULT_API_KEY',
        },
      ),
    ).toBe(
      `${CDN}/DEFAULT_API_KEY/[%22src://test123/example.jpg%22,%22src://test123/flug_9-trans_atlantik-400dpi.jpg%22]`,
    );
  });

  it('writes a storage alias as it is', () => {
    expect(transformUrl('src://myalias/path/a.jpg', [flip()], { apikey: 'KEY' })).toBe(
      `${CDN}/KEY/flip/src://myalias/path/a.jpg`,
    );
  });

  it('writes the key for zip, also on handles, and keeps security after zip', () => {
    expect(
      transformUrl([HANDLE, '4aYkEQJSQCmYShsoCnZN'], [zip()], {
        apikey: 'KEY',
        security: { policy: POLICY, signature: SIGNATURE },
      }),
    ).toBe(`${CDN}/KEY/zip/security=p:${POLICY},s:${SIGNATURE}/[${HANDLE},4aYkEQJSQCmYShsoCnZN]`);
  });

  it('percent-encodes what would end or break the path of an external URL', () => {
    expect(transformUrl('https://example.com/a b/ü.jpg?x=1&y=[2]#top', [], { apikey: 'KEY' })).toBe(
      `${CDN}/KEY/https://example.com/a%20b/%C3%BC.jpg%3Fx=1&y=[2]%23top`,
    );
  });

  it('encodes a percent sign so the service receives the URL unchanged', () => {
    expect(transformUrl('https://example.com/a%20b.jpg', [], { apikey: 'KEY' })).toBe(
      `${CDN}/KEY/https://example.com/a%2520b.jpg`,
    );
  });

  it('keeps dot segments of an external URL from being resolved away by URL parsers', () => {
    const url = transformUrl('https://example.com/a/../b/./c/..', [flip()], { apikey: 'KEY' });
    expect(url).toBe(`${CDN}/KEY/flip/https://example.com/a%2F../b%2F./c%2F..`);
    expect(new URL(url).href).toBe(url);
  });

  it('writes just host and handle when there are no tasks', () => {
    expect(transformUrl(HANDLE, [])).toBe(`${CDN}/${HANDLE}`);
  });
});

describe('the chain', () => {
  it('keeps repeated tasks and their order', () => {
    expect(
      transformUrl(HANDLE, [resize({ width: 10 }), flip(), resize({ width: 10 }), flip()]),
    ).toBe(`${CDN}/resize=width:10/flip/resize=width:10/flip/${HANDLE}`);
  });

  it('keeps a security task where it was added', () => {
    expect(transformUrl(HANDLE, [security({ policy: POLICY, signature: SIGNATURE }), flip()])).toBe(
      `${CDN}/security=p:${POLICY},s:${SIGNATURE}/flip/${HANDLE}`,
    );
  });

  it('quotes a standard-base64 policy, whose "/" would split the path', () => {
    expect(transformUrl(HANDLE, [], { security: { policy: 'ab/c+d==', signature: 'ff' } })).toBe(
      `${CDN}/security=p:%22ab/c+d==%22,s:ff/${HANDLE}`,
    );
  });
});

describe('hosts', () => {
  it('uses the cname domain', () => {
    expect(transformUrl(HANDLE, [], { cname: 'newcname.com' })).toBe(
      `https://cdn.newcname.com/${HANDLE}`,
    );
  });

  it('uses a cdn override such as the emulator, without a trailing slash', () => {
    expect(transformUrl(HANDLE, [flip()], { urls: { cdn: 'http://127.0.0.1:4000/' } })).toBe(
      `http://127.0.0.1:4000/flip/${HANDLE}`,
    );
  });
});

describe('the value rule', () => {
  const one = (value: string | number | boolean | readonly unknown[]) =>
    transformUrl(HANDLE, [task('t', { v: value as string })]).slice(
      CDN.length + 1,
      -HANDLE.length - 1,
    );

  it.each([
    ['plain text as it is', 'abc', 't=v:abc'],
    ['a colon inside a value as it is', 'http:test.com', 't=v:http:test.com'],
    ['an empty string quoted', '', 't=v:%22%22'],
    ['text with a comma quoted', 'a,b', 't=v:%22a,b%22'],
    ['text with a slash quoted', 'a/b', 't=v:%22a/b%22'],
    ['text with brackets quoted', '[x]', 't=v:%22[x]%22'],
    ['number-like text quoted', '12', 't=v:%2212%22'],
    ['boolean-like text quoted', 'true', 't=v:%22true%22'],
    ['a space percent-encoded', 'a b', 't=v:a%20b'],
    ['a question mark and hash percent-encoded', 'a?b#c', 't=v:a%3Fb%23c'],
    ['non-ASCII as UTF-8', 'Zürich 東京', 't=v:Z%C3%BCrich%20%E6%9D%B1%E4%BA%AC'],
    ['a percent sign percent-encoded', '50%', 't=v:50%25'],
    ['numbers as JavaScript prints them', 0.35, 't=v:0.35'],
    ['huge numbers in exponent form', 1e21, 't=v:1e+21'],
    ['booleans in lower case', false, 't=v:false'],
    ['nested lists', [[1, 'a'], [true]], 't=v:[[1,a],[true]]'],
  ])('writes %s', (_, value, expected) => {
    expect(one(value)).toBe(expected);
  });
});

describe('validation', () => {
  it('rejects a source that is neither handle, URL nor alias', () => {
    const error = thrown(() => transformUrl('SOMEHANDLE', []), ValidationError, {
      option: 'source',
      received: 'SOMEHANDLE',
    });
    expect(error.message).toBe(
      'Invalid source: got "SOMEHANDLE"; expected a handle, an http(s):// URL, a src://alias/path, or a list of these',
    );
  });

  it('rejects an empty list of sources', () => {
    thrown(() => transformUrl([], []), ValidationError, { option: 'source', received: [] });
  });

  it('rejects a bad element of a list of sources', () => {
    thrown(() => transformUrl([HANDLE, 'ftp://x'], []), ValidationError, {
      option: 'source',
      received: 'ftp://x',
    });
  });

  it('rejects a URL containing a double quote, which the grammar cannot carry', () => {
    thrown(
      () => transformUrl('https://example.com/a"b.jpg', [], { apikey: 'K' }),
      ValidationError,
      { option: 'source' },
    );
  });

  it('asks for the API key for external URLs, aliases and zip', () => {
    thrown(() => transformUrl(URL_SOURCE, []), ValidationError, {
      option: 'apikey',
      received: undefined,
    });
    thrown(() => transformUrl('src://alias/a.jpg', []), ValidationError, {
      option: 'apikey',
      received: undefined,
    });
    thrown(() => transformUrl(HANDLE, [zip()]), ValidationError, {
      option: 'apikey',
      received: undefined,
    });
    thrown(() => transformUrl(URL_SOURCE, [], { apikey: 'a/b' }), ValidationError, {
      option: 'apikey',
      received: 'a/b',
    });
  });

  it('rejects a bad cname or cdn override', () => {
    thrown(() => transformUrl(HANDLE, [], { cname: 'https://x.com' }), ValidationError, {
      option: 'cname',
      received: 'https://x.com',
    });
    thrown(() => transformUrl(HANDLE, [], { urls: { cdn: 'ftp://x' } }), ValidationError, {
      option: 'urls.cdn',
      received: 'ftp://x',
    });
  });

  it('rejects a malformed policy or signature without echoing either', () => {
    for (const bad of [
      { policy: 'a"b', signature: 'ff' },
      { policy: 'abc', signature: 'not-hex' },
      { policy: 5, signature: 'ff' },
      {},
    ]) {
      const error = thrown(
        () => transformUrl(HANDLE, [], { security: bad as never }),
        ValidationError,
        { option: 'security', received: '[redacted]' },
      );
      expect(JSON.stringify(error)).not.toContain('not-hex');
      expect(error.message).not.toContain('a"b');
    }
    thrown(() => security({ policy: 'x', signature: 'zz' }), ValidationError, {
      option: 'security',
      received: '[redacted]',
    });
  });

  it('rejects a value with a double quote, naming task and parameter', () => {
    const error = thrown(() => store({ filename: 'a"b.jpg' }), ValidationError, {
      option: 'store.filename',
      received: 'a"b.jpg',
    });
    expect(error.message).toBe(
      'Invalid store.filename: got "a\\"b.jpg"; expected non-empty text without double quotes',
    );
  });

  it('rejects values the URL cannot carry in task()', () => {
    thrown(() => task('t', { v: Number.NaN }), ValidationError, {
      option: 't.v',
      received: Number.NaN,
    });
    thrown(() => task('t', { v: Infinity }), ValidationError, {
      option: 't.v',
      received: Infinity,
    });
    thrown(() => task('t', { v: { a: 1 } as never }), ValidationError, {
      option: 't.v',
      received: { a: 1 },
    });
    thrown(() => task('t', { v: [1, null as never] }), ValidationError, {
      option: 't.v[1]',
      received: null,
    });
    thrown(() => task('t', { v: 'lone \ud800 surrogate' }), ValidationError, {
      option: 't',
      received: 't=v:lone \ud800 surrogate',
    });
  });

  it('rejects a factory passed without calling it', () => {
    thrown(() => transformUrl(HANDLE, [flip as never]), ValidationError, { option: 'tasks' });
    thrown(() => transformUrl(HANDLE, [null as never]), ValidationError, {
      option: 'tasks',
      received: null,
    });
    thrown(() => transformUrl(HANDLE, flip() as never), ValidationError, {
      option: 'tasks',
      received: { name: 'flip' },
    });
  });

  it('rejects a bad task name or parameter name in task()', () => {
    thrown(() => task('Resize'), ValidationError, { option: 'task', received: 'Resize' });
    thrown(() => task('a b'), ValidationError, { option: 'task', received: 'a b' });
    thrown(() => task('t', { 'a:b': 1 }), ValidationError, { option: 't.a:b', received: 'a:b' });
    thrown(() => task('t', 'x' as never), ValidationError, { option: 't', received: 'x' });
  });
});
