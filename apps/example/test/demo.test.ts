import { Filelink } from '@fs/client';
import { ffmpegForTests } from '@fs/emulator/testing';
import { describe, expect, it } from 'vitest';
import { runDemo } from '../src/demo.js';
import { STEPS, type Step } from '../src/steps.js';

const ffmpeg = await ffmpegForTests();

/** Collects what the demo prints, as a pipe would (no colors, no live bar). */
function capture() {
  let text = '';
  return { out: { write: (chunk: string) => (text += chunk) }, text: () => text };
}

describe('pnpm demo', () => {
  // 20 MiB through Intelligent Ingestion and a conversion: far past 60 s on a loaded machine.
  // The timeout only guards against a hang; the .ci/run step prints how long the demo took.
  it('runs every step green on the embedded emulator', { timeout: 180_000 }, async () => {
    const { out, text } = capture();
    const code = await runDemo({ env: {}, out, bigFileSize: 20 * 1024 * 1024 });
    // The video step needs ffmpeg; CI has it (FS_REQUIRE_FFMPEG), elsewhere it may be skipped.
    expect(text()).toContain(`All ${ffmpeg ? STEPS.length : STEPS.length - 1} steps passed`);
    if (ffmpeg) expect(text()).toMatch(/converted {2}640x360 → 320x180 avc1, 2\.0 s/);
    expect(code).toBe(0);
    for (const [index, step] of STEPS.entries()) {
      if (ffmpeg || !step.title.startsWith('convert a video')) {
        expect(text()).toContain(`✔ ${index + 1}. ${step.title}`);
      }
    }
    expect(text()).toContain('mode       intelligent');
    expect(text()).toContain('refused as expected: HttpError 403');
    expect(text()).toMatch(/status {5}pending \(.*\) → started \(.*\) → completed/);
    expect(text()).toMatch(/received {3}fp\.upload #\d+/);
    expect(text()).toContain('tampered   refused as expected: mismatch');
    // No live bar or color codes in a pipe, and no signature in the report.
    expect(text()).not.toContain('\u001b[');
    expect(text()).not.toContain('\r');
    expect(text()).not.toMatch(/s:[0-9a-f]{64}/);
  });

  it('on a failure prints the step, the typed error and a hint, and exits 1', async () => {
    const { out, text } = capture();
    const missing: Step = {
      title: 'read a file that does not exist',
      hint: 'the handle must exist',
      async run({ env }) {
        await new Filelink('aBcDeFgHiJkLmNoPqRsT', { urls: env.urls }).getContent();
      },
    };
    const never: Step = {
      title: 'never runs',
      hint: '',
      run: async () => {
        throw new Error('a step after a failure ran');
      },
    };
    const code = await runDemo({ env: {}, out, steps: [STEPS[0]!, missing, never] });
    expect(code).toBe(1);
    expect(text()).toContain('✘ 2. read a file that does not exist');
    expect(text()).toMatch(
      /HttpError \(HTTP 404\): GET http:\/\/127\.0\.0\.1:\d+\/aBcDeFgHiJkLmNoPqRsT failed/,
    );
    expect(text()).toContain('hint       the handle must exist');
    expect(text()).toContain('Step 2 (read a file that does not exist) failed.');
    expect(text()).not.toContain('never runs');
  });

  it('skips what the real service cannot do without more settings, and says which', async () => {
    const external = STEPS.find((step) => step.title.includes('external URL'))!;
    const signed = STEPS.find((step) => step.title.includes('security-signed'))!;
    const webhook = STEPS.find((step) => step.title.includes('webhook'))!;
    const env = { emulated: false, externalUrl: undefined, secret: undefined, webhooks: undefined };
    expect(external.skip?.({ env } as never)).toMatch(/FILESTACK_EXTERNAL_URL/);
    expect(signed.skip?.({ env } as never)).toMatch(/FILESTACK_APP_SECRET/);
    expect(webhook.skip?.({ env } as never)).toMatch(/developer portal/);
    const video = STEPS.find((step) => step.title.startsWith('convert a video'))!;
    expect(video.skip?.({ env, ffmpeg: undefined } as never)).toMatch(/apt-get install ffmpeg/);
    // Every other step runs against Filestack with the API key alone (and ffmpeg here).
    const skipping = STEPS.filter(
      (step) => step.skip?.({ env, ffmpeg: 'ffmpeg' } as never) !== undefined,
    );
    const overwrite = STEPS.find((step) => step.title.startsWith('overwrite'))!;
    const remove = STEPS.find((step) => step.title.startsWith('delete'))!;
    expect(skipping).toEqual([overwrite, external, signed, webhook, remove]);
    expect(remove.skip?.({ env } as never)).toMatch(/FILESTACK_APP_SECRET/);
    // With the app secret, only what Filestack cannot do from here is skipped.
    const signedEnv = { ...env, secret: 'APP_SECRET' };
    const withSecret = STEPS.filter(
      (step) => step.skip?.({ env: signedEnv, ffmpeg: 'ffmpeg' } as never) !== undefined,
    );
    expect(withSecret).toEqual([external, webhook]);
  });
});
