import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  parseWebhook,
  toWebhookEvent,
  type WebhookEvent,
  WebhookPayloadError,
  WebhookVerificationError,
} from '../src/index.js';
import { NOW, SECRET, signedHeaders, UPLOAD_BODY } from './sign.js';

async function parseSigned(body: string | Uint8Array) {
  return parseWebhook(SECRET, body, signedHeaders(body), { now: NOW });
}

// The examples of docs/protocol.md#webhook-events.
const EXAMPLES = {
  converse: {
    id: 30814778,
    action: 'fp.converse',
    timestamp: 1521734642,
    text: {
      url: '/CONVERSION_TASKS/HANDLE',
      link: {
        url: 'https://www.filestackapi.com/api/file/NEWHANDLE',
        handle: 'NEWHANDLE',
        filename: 'photo.png',
        mimetype: 'image/png',
        path: 'NEWHANDLE_photo.png',
        provider: 'internal_v2',
        size: 158584,
      },
    },
  },
  overwrite: {
    id: 30815340,
    action: 'fp.overwrite',
    timestamp: 1521735062,
    text: {
      mimetype: 'image/png',
      url: 'https://cdn.filestackcontent.com/HLOon3NcTS6w7rqyZ3ei',
      isWriteable: true,
      filename: 'photo.png',
      client: 'Computer',
      size: 436688,
    },
  },
  delete: {
    id: 30814508,
    action: 'fp.delete',
    timestamp: 1521734463,
    text: { url: 'https://cdn.filestackcontent.com/HLOon3NcTS6w7rqyZ3ei' },
  },
  workflow: {
    id: 61380634,
    action: 'fs.workflow',
    timestamp: 1548214263,
    text: {
      workflow: '687e07d2-5f84-44a0-b20b-1c29a1deb2ab',
      createdAt: '2019-01-23T03:30:55.400729934Z',
      updatedAt: '2019-01-23T03:30:57.437268735Z',
      sources: ['VJQTvCboRVivWJ2BpKgd'],
      results: {
        virus_detection_1548213592150: { data: { infected: false, infections_list: [] } },
      },
      status: 'Finished',
    },
  },
};

const VIDEO_RESULT = {
  uuid: '638311d89d2bc849563a674a45809b7c',
  timestamp: '1522786635',
  status: 'completed',
  message: 'Done',
  data: {
    url: 'https://cdn.filestackcontent.com/Q5eBTKldRfCSuEjUYuAz',
    thumb: 'https://cdn.filestackcontent.com/thumb',
  },
  metadata: { result: { duration: 5615, mime_type: 'video/mp4' }, source: { duration: 5568 } },
};

describe('parseWebhook', () => {
  it('returns a typed fp.upload event that narrows on action', async () => {
    const event = await parseSigned(UPLOAD_BODY);
    expect(event).toMatchObject({ known: true, action: 'fp.upload', id: 30813791 });
    if (!event.known || event.action !== 'fp.upload') throw new Error('not an upload');
    expectTypeOf(event.text.url).toEqualTypeOf<string>();
    expect(event.text.url).toBe('https://cdn.filestackcontent.com/HLOon3NcTS6w7rqyZ3ei');
    expect(event.text.size).toBe(158584);
  });

  it('parses every documented action into its own variant', async () => {
    const seen: string[] = [];
    for (const example of Object.values(EXAMPLES)) {
      const event = await parseSigned(JSON.stringify(example));
      expect(event).toEqual({ ...example, known: true });
      if (!event.known) continue;
      switch (event.action) {
        case 'fp.converse':
          seen.push(event.text.link.handle);
          break;
        case 'fp.overwrite':
          seen.push(String(event.text.isWriteable));
          break;
        case 'fp.delete':
          seen.push(event.text.url);
          break;
        case 'fs.workflow':
          seen.push(event.text.status);
          break;
      }
    }
    expect(seen).toEqual([
      'NEWHANDLE',
      'true',
      'https://cdn.filestackcontent.com/HLOon3NcTS6w7rqyZ3ei',
      'Finished',
    ]);
  });

  it('parses fp.video_converse in the envelope', async () => {
    const body = JSON.stringify({
      id: 1,
      action: 'fp.video_converse',
      timestamp: 1522786635,
      text: VIDEO_RESULT,
    });
    const event = await parseSigned(body);
    if (!event.known || event.action !== 'fp.video_converse') throw new Error('not a video');
    expect(event.text.status).toBe('completed');
    expect(event.text.data?.url).toBe(VIDEO_RESULT.data.url);
  });

  it('wraps a bare video conversion result as fp.video_converse', async () => {
    const event = await parseSigned(JSON.stringify(VIDEO_RESULT));
    expect(event).toEqual({
      known: true,
      action: 'fp.video_converse',
      timestamp: 1522786635,
      text: VIDEO_RESULT,
    });
  });

  it('keeps unknown actions as generic events with every field', async () => {
    const body = JSON.stringify({ id: 7, action: 'fp.scan', timestamp: 1, text: { a: 1 }, x: 2 });
    const event: WebhookEvent = await parseSigned(body);
    expect(event).toEqual({
      known: false,
      id: 7,
      action: 'fp.scan',
      timestamp: 1,
      text: { a: 1 },
      x: 2,
    });
  });

  it('parses non-ASCII bodies given as bytes', async () => {
    const body = new TextEncoder().encode(
      JSON.stringify({ id: 1, action: 'fp.delete', text: { url: 'https://x/é日本' } }),
    );
    const event = await parseSigned(body);
    expect(event.known && event.action === 'fp.delete' && event.text.url).toBe('https://x/é日本');
  });

  it('rejects with WebhookVerificationError and its reason before parsing', async () => {
    const headers = signedHeaders(UPLOAD_BODY);
    await expect(
      parseWebhook(SECRET, `${UPLOAD_BODY} `, headers, { now: NOW }),
    ).rejects.toMatchObject({ name: 'WebhookVerificationError', reason: 'mismatch' });
    await expect(parseWebhook(SECRET, 'not json', {}, { now: NOW })).rejects.toBeInstanceOf(
      WebhookVerificationError,
    );
    await expect(
      parseWebhook(SECRET, UPLOAD_BODY, headers, { now: NOW + 3_600_000 }),
    ).rejects.toMatchObject({ reason: 'stale' });
  });

  it('rejects correctly signed bodies that are not events with WebhookPayloadError', async () => {
    const bad: Array<string | Uint8Array> = [
      'not json',
      '[1,2]',
      'null',
      '"fp.upload"',
      '{"id":1,"text":{}}',
      '{"id":1,"action":"","text":{}}',
      '{"id":1,"action":42,"text":{}}',
      '{"id":1,"action":"fp.upload"}',
      '{"id":1,"action":"fp.upload","text":"x"}',
      '{"action":"fp.upload","text":{"url":"u"}}',
      '{"id":"1","action":"fp.delete","text":{"url":"u"}}',
      '{"id":1,"action":"fp.delete","timestamp":"1","text":{"url":"u"}}',
      new Uint8Array([0x7b, 0xff, 0x7d]),
    ];
    for (const body of bad) {
      const error = await parseSigned(body).catch((e: unknown) => e);
      expect(error, String(body)).toBeInstanceOf(WebhookPayloadError);
      expect((error as WebhookPayloadError).code).toBe('PROTOCOL');
    }
  });

  it('accepts an envelope without timestamp, as older payloads send', async () => {
    const body = '{"action": "fp.upload", "text": {"url": "u"}, "id": 50006}';
    await expect(parseSigned(body)).resolves.toMatchObject({ known: true, id: 50006 });
  });
});

describe('toWebhookEvent', () => {
  it('parses without verifying, for bodies verified elsewhere', () => {
    expect(toWebhookEvent(UPLOAD_BODY)).toMatchObject({ action: 'fp.upload', known: true });
  });
});
