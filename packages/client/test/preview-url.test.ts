import { useEmulator } from '@fs/emulator/testing';
import { createPolicy } from '@fs/security';
import { describe, expect, it } from 'vitest';
import { Client, Filelink, Security, ValidationError } from '../src/index.js';

/* filelink.previewUrl(): the document viewer's URL, opened by a browser (here: fetched). */

const SECRET = 'preview-url-secret';
const emu = useEmulator();
const secured = useEmulator({ secret: SECRET });
const CSS = 'https://example.com/viewer.css';
const pdf = new TextEncoder().encode('%PDF-1.4\n%%EOF\n');

const open = async (url: string) => {
  const response = await fetch(url);
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    html: await response.text(),
  };
};

describe('filelink.previewUrl({ css })', () => {
  it('writes <cdn>/preview=css:"<url>"/<handle>, which answers the viewer page', async () => {
    const client = new Client(emu.apikey, { urls: emu.urls });
    const doc = await client.upload({ file: pdf, storeParams: { filename: 'doc.pdf' } });

    const url = doc.previewUrl({ css: CSS });
    expect(url).toBe(`${emu.url}/preview=css:%22${CSS}%22/${doc.handle}`);
    expect(doc.previewUrl()).toBe(`${emu.url}/preview/${doc.handle}`);
    const page = await open(url);
    expect(page).toMatchObject({ status: 200, type: 'text/html; charset=utf-8' });
    expect(page.html).toContain(`<link rel="stylesheet" href="${CSS}">`);
    expect(page.html).toContain(`<iframe src="${emu.url}/${doc.handle}"`);
  });

  it('is signed with the inherited policy, so a browser can open it on a secured app', async () => {
    const security = new Security(createPolicy({ expiresIn: 3600 }), SECRET);
    const client = new Client(secured.apikey, { security, urls: secured.urls });
    const doc = await client.upload({ file: pdf, storeParams: { filename: 'doc.pdf' } });

    const url = doc.previewUrl({ css: CSS });
    expect(url).toBe(
      `${secured.url}/preview=css:%22${CSS}%22/security=p:${security.policyB64},s:${security.signature}/${doc.handle}`,
    );
    expect((await open(url)).status).toBe(200);
    const unsigned = new Filelink(doc.handle, { urls: secured.urls }).previewUrl();
    expect((await open(unsigned)).status).toBe(403);
    // A policy given to the call wins.
    const readOnly = new Security(createPolicy({ expiresIn: 60, call: ['read'] }), SECRET);
    expect(doc.previewUrl({}, readOnly)).toContain(`security=p:${readOnly.policyB64},`);
  });

  it('refuses a css that is not an http(s) URL, and a policy it cannot ask synchronously', () => {
    const filelink = new Filelink('aBcDeFgHiJkLmNoPqRsT');
    expect(() => filelink.previewUrl({ css: 'javascript:alert(1)' })).toThrow(ValidationError);
    const lazy = new Filelink('aBcDeFgHiJkLmNoPqRsT', {
      security: async () => ({ policy: 'p', signature: 's' }),
    });
    expect(() => lazy.previewUrl()).toThrow(ValidationError);
  });

  it('is also a chain step, preview(), like every other task', () => {
    const filelink = new Filelink('aBcDeFgHiJkLmNoPqRsT');
    expect(filelink.preview({ css: CSS }).url).toBe(filelink.previewUrl({ css: CSS }));
  });
});
