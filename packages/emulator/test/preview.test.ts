import { describe, expect, it } from 'vitest';
import { useEmulator } from '../src/testing/index.js';
import { hooks, inAnHour, request, signedPolicy } from './helpers.js';
import { fetchBytes, quadrants, samplePdf, upload } from './images.js';

/* `preview`, the document viewer: an HTML page that shows the stored file. */

const SECRET = 'preview-test-secret';
const emu = useEmulator({ hooks });
const secured = useEmulator({ hooks, secret: SECRET });

const page = async (url: string) => {
  const answer = await fetchBytes(url);
  return {
    type: answer.headers.get('content-type'),
    unapplied: answer.headers.get('x-fs-emulator-unapplied'),
    html: answer.bytes.toString(),
  };
};

describe('preview', () => {
  it('answers a viewer page that embeds a PDF and links the stylesheet of css', async () => {
    const pdf = await upload(emu, samplePdf(), 'report <1>.pdf', 'application/pdf');
    const css = 'https://example.com/viewer.css?v=1&theme=dark';
    const { type, unapplied, html } = await page(
      `${emu.url}/preview=css:%22${encodeURIComponent(css)}%22/${pdf}`,
    );
    expect(type).toBe('text/html; charset=utf-8');
    expect(unapplied).toBeNull();
    expect(html).toContain(
      '<link rel="stylesheet" href="https://example.com/viewer.css?v=1&amp;theme=dark">',
    );
    expect(html).toContain(
      `<iframe src="${emu.url}/${pdf}" title="report &lt;1&gt;.pdf"></iframe>`,
    );
    expect(html).toContain('<title>report &lt;1&gt;.pdf</title>');
  });

  it('shows an image as an image, and reads css written as filestack-js and fs write it', async () => {
    const png = await upload(emu, await quadrants(), 'q.png', 'image/png');
    const encoded = await page(
      `${emu.url}/preview=css:%22https%3A%2F%2Fa.example%2Fv.css%22/${png}`,
    );
    const quoted = await page(`${emu.url}/preview=css:%22https://a.example/v.css%22/${png}`);
    expect(encoded.html).toBe(quoted.html);
    expect(quoted.html).toContain(`<img src="${emu.url}/${png}" alt="q.png">`);
    expect(quoted.html).toContain('href="https://a.example/v.css"');
    const bare = await page(`${emu.url}/preview/${png}`);
    expect(bare.html).not.toContain('stylesheet');
  });

  it('names preview as unapplied for a type no browser shows, and still offers the download', async () => {
    const docx = await upload(
      emu,
      Buffer.from('PK\u0003\u0004 not really a document'),
      'plan.docx',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    const { unapplied, html } = await page(`${emu.url}/preview/${docx}`);
    expect(unapplied).toBe('preview');
    expect(html).toContain('shows no preview of');
    expect(html).toContain(`<a href="${emu.url}/${docx}?dl=true" download="plan.docx">`);
  });

  it('refuses other tasks beside it, a URL source, and a missing file', async () => {
    const text = await upload(emu, Buffer.from('words'), 'a.txt', 'text/plain');
    const combined = await request(`${emu.url}/resize=width:10/preview/${text}`);
    expect(combined.status).toBe(400);
    expect(combined.body).toBe(
      'preview shows a stored file as it is: resize cannot be combined with it',
    );
    const external = await request(`${emu.url}/${emu.apikey}/preview/https://example.com/a.pdf`);
    expect(external.status).toBe(400);
    expect((await request(`${emu.url}/preview/AAAAAAAAAAAAAAAAAAAA`)).status).toBe(404);
  });

  it('needs the read call with a secret, and repeats the policy on the file it shows', async () => {
    const uploader = signedPolicy(SECRET, { expiry: inAnHour(), call: ['pick', 'store'] });
    const text = await upload(
      secured,
      Buffer.from('secret words'),
      'a.txt',
      'text/plain',
      uploader,
    );
    expect((await request(`${secured.url}/preview/${text}`)).status).toBe(403);
    const { policy, signature } = signedPolicy(SECRET, { expiry: inAnHour(), call: ['read'] });
    const security = `security=p:${policy},s:${signature}`;
    const { html } = await page(`${secured.url}/preview/${security}/${text}`);
    const src = `${secured.url}/security=p:${encodeURIComponent(policy)},s:${signature}/${text}`;
    expect(html).toContain(`<iframe src="${src}"`);
    expect((await fetchBytes(src)).bytes.toString()).toBe('secret words');
  });
});
