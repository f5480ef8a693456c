import { useTempDir } from '@fs/test-kit';
import { describe, expect, it } from 'vitest';
import { cli, envFor, fileEmulator } from './helpers.js';

/*
 * No secret is ever printed: not the app secret, not the webhook secret, not the policies and
 * signatures the CLI makes for its own requests, even with --verbose and when requests fail.
 */

const APP_SECRET = 'the-real-app-secret-1234';
const WRONG_SECRET = 'a-wrong-app-secret-5678';
const WEBHOOK_SECRET = 'the-webhook-secret-9012';
const emu = fileEmulator({ secret: APP_SECRET });
const files = useTempDir('fs-cli-test-');

/** Everything a run printed, checked for secrets and anything shaped like a signature. */
function expectNoSecrets(text: string) {
  for (const secret of [APP_SECRET, WRONG_SECRET, WEBHOOK_SECRET])
    expect(text).not.toContain(secret);
  expect(text).not.toMatch(/\b[0-9a-f]{64}\b/);
  expect(text).not.toMatch(/(policy|signature)=(?!\[redacted\])/);
  expect(text).not.toMatch(/security=(?!\[redacted\])/);
}

describe('secrets', () => {
  it('are never printed by a failing upload, even with --verbose', async () => {
    const path = await files.write('a.txt', 'secret test');
    const run = await cli(['upload', path, '--verbose', '--json'], {
      env: envFor(emu, {
        FILESTACK_APP_SECRET: WRONG_SECRET,
        FILESTACK_WEBHOOK_SECRET: WEBHOOK_SECRET,
      }),
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/HTTP 403/);
    expectNoSecrets(run.stdout + run.stderr);
  });

  it('are never printed by a failing CDN request, whose URL carries the policy', async () => {
    const run = await cli(['metadata', 'aBcDeFgHiJkLmNoPqRsT', '--verbose'], {
      env: envFor(emu, { FILESTACK_APP_SECRET: WRONG_SECRET }),
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/policy=\[redacted\]/);
    expectNoSecrets(run.stdout + run.stderr);
  });

  it('are never printed by a successful signed upload with --verbose', async () => {
    const path = await files.write('b.txt', 'signed');
    const run = await cli(['upload', path, '--verbose'], {
      env: envFor(emu, { FILESTACK_APP_SECRET: APP_SECRET }),
    });
    expect(run.code, run.stderr).toBe(0);
    expectNoSecrets(run.stdout + run.stderr);
  });

  it('given as flags (--app-secret, visible in ps) are scrubbed from errors as well', async () => {
    const run = await cli(
      [
        '--app-secret',
        WRONG_SECRET,
        '--webhook-secret',
        WEBHOOK_SECRET,
        'delete',
        'aBcDeFgHiJkLmNoPqRsT',
        '--verbose',
      ],
      { env: envFor(emu) },
    );
    expect(run.code).toBe(1);
    expectNoSecrets(run.stdout + run.stderr);
  });

  it('of a webhook are not printed by a failed check', async () => {
    const body = await files.write('body.json', '{"id":1}');
    const run = await cli(
      [
        'webhook',
        'verify',
        '--body-file',
        body,
        '--signature',
        'ab'.repeat(32),
        '--timestamp',
        '1',
        '--verbose',
      ],
      { env: { FILESTACK_WEBHOOK_SECRET: WEBHOOK_SECRET } },
    );
    expect(run.code).toBe(1);
    expect(run.stdout + run.stderr).not.toContain(WEBHOOK_SECRET);
  });
});
