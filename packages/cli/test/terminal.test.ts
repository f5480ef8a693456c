import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { useTempDir } from '@fs/test-kit';
import { describe, expect, it } from 'vitest';
import { BIN, envFor, fileEmulator } from './helpers.js';

/*
 * On a terminal: `filestack` runs in a pseudo-terminal made by util-linux `script`, which
 * records everything drawn on it, progress bars included.
 */

// Conversions stay pending and started long enough for the spinner to turn.
const emu = fileEmulator({ video: { ffmpeg: false, pendingMs: 300, startedMs: 600 } });
const files = useTempDir('fs-cli-test-');
const run = promisify(execFile);
// The escape character that starts every terminal control sequence.
const ESC = String.fromCharCode(27);

/** Runs `filestack args` on a 120-column pseudo-terminal; resolves with what it drew. */
async function onTerminal(args: string[], env: Record<string, string>) {
  const command = ['stty cols 120 rows 40;', 'exec', process.execPath, BIN, ...args]
    .map((part) => (part.endsWith(';') ? part : `'${part}'`))
    .join(' ');
  const result = await run('script', ['-qec', command, '/dev/null'], {
    env: { PATH: process.env.PATH, TERM: 'xterm-256color', ...env },
  }).catch((error: { code: number; stdout: string }) => error);
  return { code: 'code' in result ? result.code : 0, screen: result.stdout };
}

// Whole percents of the total bar, in the order they were drawn.
const totals = (screen: string) =>
  [...screen.matchAll(/total\s+\[[=-]+\] (\d+)%/g)].map((match) => Number(match[1]));

describe('filestack on a terminal', () => {
  it('draws live progress bars that end with the total at 100%', async () => {
    const path = await files.write('video.bin', randomBytes(6 * 1024 * 1024));
    // Slow parts, so that frames between 0 and 100% are drawn.
    emu.faults.add({ route: 'put', kind: 'stall', ms: 400, nth: [2, 4] });
    const { code, screen } = await onTerminal(
      ['upload', path, '--part-size', '1MiB', '--concurrency', '1'],
      envFor(emu),
    );
    expect(code, screen).toBe(0);
    const percents = totals(screen);
    expect(
      percents.some((percent) => percent > 0 && percent < 100),
      screen,
    ).toBe(true);
    expect(percents.at(-1)).toBe(100);
    // The bar of the file itself, with bytes, rate and time left while it runs.
    expect(screen).toMatch(
      /video\.bin\s+\[[=-]+\] \d+% \| [\d.]+ MiB\/6\.0 MiB \| [\d.]+ \w+\/s \| ETA/,
    );
    // The last frame counts the file as done.
    expect(screen).toMatch(/total\s+\[=+\] 100% \| 1\/1 file \| 6\.0 MiB\/6\.0 MiB \| .* \| done/);
    expect(screen).toMatch(/video\.bin: http:\/\/127\.0\.0\.1:\d+\/\w{20} {2}handle/);
  });

  it('shows a spinner while a conversion runs, then the converted file', async () => {
    const clip = await files.write('clip.mp4', randomBytes(4096));
    const upload = await onTerminal(['upload', clip, '--json', '--quiet'], envFor(emu));
    const { handle } = JSON.parse(upload.screen.trim());
    const { code, screen } = await onTerminal(
      ['convert', handle, '--preset', 'h264', '--wait'],
      envFor(emu),
    );
    expect(code, screen).toBe(0);
    // Frames and marks are coloured: a colour sequence may stand between them and the text.
    const coloured = (mark: string) => `[${mark}](?:${ESC}\\[\\d+m)? `;
    expect(screen).toMatch(
      new RegExp(`${coloured('⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏')}conversion (requested|pending|started)`),
    );
    expect(screen).toMatch(new RegExp(`${coloured('✔')}converted: \\w{20}`));
    expect(screen).toMatch(/\w{20} {2}http:\/\/127\.0\.0\.1:\d+\/\w{20}\s*$/);
  });

  it('colours errors on a terminal, and not with NO_COLOR', async () => {
    const args = ['upload', files.path('missing.txt')];
    const coloured = await onTerminal(args, envFor(emu));
    expect(coloured.code).toBe(1);
    expect(coloured.screen).toContain(`${ESC}[31merror:`);
    const plain = await onTerminal(args, envFor(emu, { NO_COLOR: '1' }));
    expect(plain.code).toBe(1);
    expect(plain.screen).toContain('error:');
    // No SGR sequence at all: no colour, no bold.
    expect(plain.screen).not.toMatch(new RegExp(`${ESC}\\[[\\d;]*m`));
  });

  it('draws no bars with --quiet, and only results and errors are printed', async () => {
    const path = await files.write('quiet.txt', 'quiet please');
    const { code, screen } = await onTerminal(['upload', path, '--quiet'], envFor(emu));
    expect(code).toBe(0);
    expect(totals(screen)).toEqual([]);
    expect(screen.trim()).toMatch(
      /^\S*quiet\.txt: http:\/\/\S+ {2}handle \w{20} {2}12 B {2}md5 \w{32}$/,
    );
  });
});
