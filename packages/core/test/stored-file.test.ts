import { thrown } from '@fs/test-kit';
import { describe, expect, it } from 'vitest';
import { FilestackError, toStoredFile } from '../src/index.js';

const CDN = 'https://cdn.filestackcontent.com';

describe('toStoredFile', () => {
  it('keeps an upload answer and the raw record', () => {
    const raw = {
      handle: 'HLOon3NcTS6w7rqyZ3ei',
      url: `${CDN}/HLOon3NcTS6w7rqyZ3ei`,
      filename: 'photo.jpg',
      size: 1024,
      mimetype: 'image/jpeg',
      status: 'Stored',
      key: 'uploads/abc_photo.jpg',
      container: 'bucket',
      workflows: { 'wf-1': 'job-1' },
      upload_tags: { team: 'a' },
    };
    expect(toStoredFile(raw, CDN)).toEqual({
      handle: 'HLOon3NcTS6w7rqyZ3ei',
      url: `${CDN}/HLOon3NcTS6w7rqyZ3ei`,
      filename: 'photo.jpg',
      size: 1024,
      mimetype: 'image/jpeg',
      status: 'Stored',
      key: 'uploads/abc_photo.jpg',
      container: 'bucket',
      workflows: { 'wf-1': 'job-1' },
      uploadTags: { team: 'a' },
      raw,
    });
  });

  it('reads `type` as the mimetype and a string size as a number (/process answers)', () => {
    const file = toStoredFile(
      {
        handle: 'HLOon3NcTS6w7rqyZ3ei',
        url: 'u',
        filename: 'a.png',
        size: '77',
        type: 'image/png',
      },
      CDN,
    );
    expect(file.mimetype).toBe('image/png');
    expect(file.size).toBe(77);
  });

  it('takes the handle from the url when the answer has none (legacy store API)', () => {
    const file = toStoredFile({ url: `${CDN}/pdn7PhZdT02GoYZCVYeF?dl=true`, size: 1 }, CDN);
    expect(file.handle).toBe('pdn7PhZdT02GoYZCVYeF');
    expect(file.url).toBe(`${CDN}/pdn7PhZdT02GoYZCVYeF?dl=true`);
  });

  it('builds the url on the given CDN when the answer has none, and fills defaults', () => {
    expect(toStoredFile({ handle: 'pdn7PhZdT02GoYZCVYeF' }, 'http://127.0.0.1:4000')).toEqual({
      handle: 'pdn7PhZdT02GoYZCVYeF',
      url: 'http://127.0.0.1:4000/pdn7PhZdT02GoYZCVYeF',
      filename: '',
      size: 0,
      mimetype: 'application/octet-stream',
      raw: { handle: 'pdn7PhZdT02GoYZCVYeF' },
    });
  });

  it("treats an answer without a handle as a protocol error, with the service's reason", () => {
    thrown(() => toStoredFile({ error: 'quota exceeded' }, CDN), FilestackError, {
      code: 'PROTOCOL',
      message: 'The service answered without a file handle: quota exceeded',
    });
    for (const raw of [null, 'ok', [], 3]) {
      thrown(() => toStoredFile(raw, CDN), FilestackError, { code: 'PROTOCOL' });
    }
  });
});
