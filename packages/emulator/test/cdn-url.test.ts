import { describe, expect, it } from 'vitest';
import { parseCdnPath, parseParams, parseValue } from '../src/processing/cdn-url.js';
import type { Task } from '../src/processing/task.js';
import { checkTask } from '../src/processing/task-params.js';

const H = '5aYkEQJSQCmYShsoCnZN';
const KEY = 'AhTgLagciQByzXpFGRI0Az';

describe('parseCdnPath', () => {
  it('reads a bare handle', () => {
    expect(parseCdnPath(`/${H}`)).toEqual({
      debug: false,
      tasks: [],
      source: { kind: 'handle', handle: H },
    });
  });

  it('reads the apikey segment and tasks in order', () => {
    const parsed = parseCdnPath(
      `/${KEY}/resize=width:200/rotate=deg:90/crop=dim:[20,20,250,250]/${H}`,
    );
    expect(parsed.apikey).toBe(KEY);
    expect(parsed.tasks).toEqual([
      { name: 'resize', params: { width: 200 } },
      { name: 'rotate', params: { deg: 90 } },
      { name: 'crop', params: { dim: [20, 20, 250, 250] } },
    ]);
  });

  it('reads security in both spellings, anywhere, with a quoted standard-base64 policy', () => {
    const js = parseCdnPath(`/security=policy:"ab+/c=",signature:0f/flip/${H}`);
    expect(js.tasks[0]).toEqual({
      name: 'security',
      params: { policy: 'ab+/c=', signature: '0f' },
    });
    const python = parseCdnPath(`/flip/security=p:eyJ9,s:12ab/${H}`);
    expect(python.tasks[1]).toEqual({
      name: 'security',
      params: { policy: 'eyJ9', signature: '12ab' },
    });
  });

  it('reads raw, quoted and %-encoded external URL sources', () => {
    const url = 'https://example.com/a/b.jpg';
    for (const path of [
      `/${KEY}/flip/${url}`,
      `/${KEY}/flip/"${url}"`,
      `/${KEY}/flip/%22${encodeURIComponent(url)}%22`,
      `/${KEY}/flip/https:%2F%2Fexample.com%2Fa%2Fb.jpg`,
    ]) {
      expect(parseCdnPath(path).source).toEqual({ kind: 'url', url });
    }
  });

  it("splits Java's %2F-joined task chains but not PHP's %2F inside values", () => {
    const java = parseCdnPath(`/resize=width:100%2Fflip/${H}`);
    expect(java.tasks.map((t) => t.name)).toEqual(['resize', 'flip']);
    const php = parseCdnPath(`/store=path:%22a%2Fb%2F%22/${H}`);
    expect(php.tasks).toEqual([{ name: 'store', params: { path: 'a/b/' } }]);
  });

  it('reads source lists with quoted members', () => {
    const parsed = parseCdnPath(`/${KEY}/zip/[${H},"src://alias/a.jpg"]`);
    expect(parsed.source).toEqual({
      kind: 'list',
      items: [
        { kind: 'handle', handle: H },
        { kind: 'alias', alias: 'alias/a.jpg' },
      ],
    });
  });

  it('decodes the base64 mode of filestack-js and Go', () => {
    const parsed = parseCdnPath(
      `/${KEY}/b64/W3sibmFtZSI6InVwc2NhbGUifV0=/b64://NWFZa0VRSlNRQ21ZU2hzb0NuWk4=`,
    );
    expect(parsed.tasks).toEqual([{ name: 'upscale', params: {} }]);
    expect(parsed.source).toEqual({ kind: 'handle', handle: H });
    const go = Buffer.from('[{"Name":"flip","Params":null}]').toString('base64url');
    expect(parseCdnPath(`/b64/${go}/${H}`).tasks).toEqual([{ name: 'flip', params: {} }]);
  });

  it('reads debug, bare tasks and cache=false', () => {
    const parsed = parseCdnPath(`/${KEY}/debug/cache=false/flip/${H}`);
    expect(parsed.debug).toBe(true);
    expect(parsed.tasks).toEqual([
      { name: 'cache', params: { false: true } },
      { name: 'flip', params: {} },
    ]);
  });

  it('treats an unknown name=value before the source as a task', () => {
    expect(parseCdnPath(`/frob=x:1/${H}`).tasks).toEqual([{ name: 'frob', params: { x: 1 } }]);
  });

  it('marks what is no source as invalid', () => {
    expect(parseCdnPath('/not-a-handle').source).toEqual({ kind: 'invalid', text: 'not-a-handle' });
  });
});

describe('parameter values', () => {
  it('coerce numbers, booleans, nested lists and quoted text; split at the first colon', () => {
    expect(parseValue('[[1,2],[3,4]]')).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(parseValue('true')).toBe(true);
    expect(parseValue('0.35')).toBe(0.35);
    expect(parseValue('"a,b/c"')).toBe('a,b/c');
    expect(parseParams('fallback', 'handle:http:test.com,cache:12')).toEqual({
      handle: 'http:test.com',
      cache: 12,
    });
    expect(parseParams('store', 'f:a.png,l:S3,p:"x/"')).toEqual({
      filename: 'a.png',
      location: 'S3',
      path: 'x/',
    });
  });

  it('keep number-like text that would not read back the same (a color 000000, 0.50)', () => {
    expect(parseValue('000000')).toBe('000000');
    expect(parseValue('0.50')).toBe('0.50');
    expect(parseValue('123456')).toBe(123456);
    expect(parseValue('-7')).toBe(-7);
  });

  it('map the one-letter aliases of each task from the catalog', () => {
    expect(parseParams('resize', 'w:10,h:20,f:crop,a:top')).toEqual({
      width: 10,
      height: 20,
      fit: 'crop',
      align: 'top',
    });
    expect(parseParams('rounded_corners', 'r:max,l:2,b:red')).toEqual({
      radius: 'max',
      blur: 2,
      background: 'red',
    });
    expect(parseParams('security', 'p:abc,s:def')).toEqual({ policy: 'abc', signature: 'def' });
    // Aliases belong to a task: `w` means nothing to flip.
    expect(parseParams('flip', 'w:1')).toEqual({ w: 1 });
  });
});

describe('task checks (the catalog)', () => {
  it('answer the canonical value types and full names', () => {
    expect(checkTask({ name: 'resize', params: { w: '40', fit: 'crop' } })).toEqual({
      name: 'resize',
      params: { width: 40, fit: 'crop' },
    });
    expect(checkTask({ name: 'store', params: { filename: 2024, base64decode: 'true' } })).toEqual({
      name: 'store',
      params: { filename: '2024', base64decode: true },
    });
    expect(checkTask({ name: 'crop_faces', params: { faces: [1, 2] } }).params.faces).toEqual([
      1, 2,
    ]);
    expect(checkTask({ name: 'caption', params: { anything: 'goes' } }).params).toEqual({
      anything: 'goes',
    });
  });

  it('name the task and the parameter in every refusal', () => {
    const refusal = (task: Task) => {
      try {
        checkTask(task);
      } catch (error) {
        return (error as Error).message;
      }
      return 'accepted';
    };
    expect(refusal({ name: 'resize', params: { width: 400.5 } })).toBe('accepted');
    expect(refusal({ name: 'sharpen', params: { amount: 2.5 } })).toBe(
      'invalid parameter sharpen.amount: got 2.5; expected an integer from 0 to 20',
    );
    expect(refusal({ name: 'resize', params: { align: ['top', 'top'] } })).toMatch(
      /^invalid parameter resize.align: got \["top","top"\]/,
    );
    expect(refusal({ name: 'video_convert', params: { clip_length: '25:00' } })).toBe(
      'invalid parameter video_convert.clip_length: got "25:00"; expected a duration hh:mm:ss',
    );
    expect(refusal({ name: 'pdfconvert', params: { pages: [1, '2-4', 'x'] } })).toMatch(
      /^invalid parameter pdfconvert.pages/,
    );
    expect(refusal({ name: 'fallback', params: {} })).toBe('fallback needs one of: handle, file');
    expect(refusal({ name: 'nope', params: {} })).toBe('unknown task: nope');
  });
});
