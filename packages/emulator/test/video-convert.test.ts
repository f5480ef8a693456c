import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';
import {
  ffmpegForTests,
  type Origin,
  readMp4Tracks,
  sampleVideo,
  serveOrigin,
  useEmulator,
} from '../src/testing/index.js';
import { parseMediaInfo } from '../src/video/ffmpeg.js';
import { durationSeconds, ffmpegPlan } from '../src/video/video-presets.js';
import { hooks, inAnHour, request, signedPolicy } from './helpers.js';
import { upload } from './images.js';

interface Job {
  uuid: string;
  timestamp: string;
  status: string;
  message?: string;
  data: { url?: string };
  metadata: { result: Record<string, unknown>; source: Record<string, unknown> };
  emulator?: { unapplied: string[]; note?: string };
}

const VIDEO = Buffer.from('pretend mp4 bytes: the emulator only copies them without ffmpeg');

async function get(url: string): Promise<{ status: number; job: Job; unapplied: string | null }> {
  const { status, body, headers } = await request<Job>(url);
  return { status, job: body, unapplied: headers.get('x-fs-emulator-unapplied') };
}

/** Polls `url` until the job ends; answers every status seen, in order, and the last answer. */
async function pollToEnd(url: string, every = 10) {
  const seen: string[] = [];
  for (let i = 0; i < 500; i++) {
    const { job } = await get(url);
    if (seen.at(-1) !== job.status) seen.push(job.status);
    if (job.status === 'completed' || job.status === 'failed') return { seen, job };
    await new Promise((resolve) => setTimeout(resolve, every));
  }
  throw new Error(`${url} never finished`);
}

describe('video_convert without ffmpeg', () => {
  const emu = useEmulator({ hooks, video: { ffmpeg: false, pendingMs: 60, startedMs: 60 } });
  // `started` lasts 5 s: on a loaded 2-core CI machine one poll can wait over 1.5 s for the CPU.
  const patient = useEmulator({ hooks, video: { ffmpeg: false, pendingMs: 60, startedMs: 5000 } });
  let patientVideo: string;
  let video: string;
  let audio: string;
  let text: string;
  let source: Origin;

  beforeAll(async () => {
    patientVideo = await upload(patient, VIDEO, 'clip.mp4', 'video/mp4');
    video = await upload(emu, VIDEO, 'clip.mp4', 'video/mp4');
    audio = await upload(emu, Buffer.from('pretend mp3'), 'song.mp3', 'audio/mpeg');
    text = await upload(emu, Buffer.from('plain words'), 'notes.txt', 'text/plain');
    source = await serveOrigin({ '/media/clip.webm': { body: VIDEO, type: 'video/webm' } });
  });
  afterAll(() => source.close());

  it('creates a job on the first GET and answers it in the documented job shape', async () => {
    const { status, job, unapplied } = await get(`${emu.url}/video_convert=preset:webm/${video}`);
    expect(status).toBe(200);
    expect(job.uuid).toMatch(/^[0-9a-f]{32}$/);
    expect(job.timestamp).toMatch(/^\d{10}$/);
    expect(Math.abs(Number(job.timestamp) - Date.now() / 1000)).toBeLessThan(5);
    expect(job.status).toBe('pending');
    expect(job.data).toEqual({});
    expect(job.metadata).toEqual({ result: {}, source: {} });
    expect(unapplied).toBe('video_convert');
    expect(job.emulator).toEqual({
      unapplied: ['video_convert'],
      note: 'ffmpeg is not on the PATH: the output is a copy of the source',
    });
  });

  it('moves the same job pending -> started -> completed as the same URL is polled', async () => {
    // `started` lasts long enough here to be seen between polls on a busy machine.
    const url = `${patient.url}/video_convert=preset:h264,width:320/${patientVideo}`;
    const first = await get(url);
    const { seen, job } = await pollToEnd(url);
    // On a busy machine the job may be `started` by the first poll: count every state seen once.
    const states = [first.job.status, ...seen].filter((status, i, all) => status !== all[i - 1]);
    expect(states).toEqual(['pending', 'started', 'completed']);
    expect(job.uuid).toBe(first.job.uuid);
    expect(job.timestamp).toBe(first.job.timestamp);
    expect(job.message).toBe('Done');
    const handle = job.data.url!.split('/').pop()!;
    expect(job.data.url).toBe(`${patient.url}/${handle}`);
    expect(handle).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(handle).not.toBe(patientVideo);
    // A copy of the source, honestly typed as the source.
    const stored = await fetch(job.data.url!);
    expect(Buffer.from(await stored.arrayBuffer())).toEqual(VIDEO);
    expect(stored.headers.get('content-type')).toBe('video/mp4');
    expect(job.metadata.result).toEqual({
      mime_type: 'video/mp4',
      extname: '.mp4',
      file_size: VIDEO.length,
      encoding_progress: 100,
    });
    expect(job.metadata.source).toEqual({ file_size: VIDEO.length });
    // Polled again later, it stays completed with the same output.
    expect((await get(url)).job).toEqual(job);
  });

  it('with holdUntilPolled, answers pending and started to a poll each, however late it comes', async () => {
    const held = await startEmulator({
      video: { ffmpeg: false, pendingMs: 0, startedMs: 0, holdUntilPolled: true },
    });
    try {
      const clip = await upload(held, VIDEO, 'clip.mp4', 'video/mp4');
      const url = `${held.url}/video_convert=preset:h264/${clip}`;
      const seen = [(await get(url)).job.status];
      // Polls far later than both states last (0 ms): only holding them shows them to a poll.
      for (let i = 0; i < 3; i++) {
        await new Promise((resolve) => setTimeout(resolve, 150));
        seen.push((await get(url)).job.status);
      }
      expect(seen).toEqual(['pending', 'pending', 'started', 'completed']);
    } finally {
      await held.close();
    }
  });

  it('keeps each state for its configured time', async () => {
    const url = `${emu.url}/video_convert=preset:h264,fps:24/${video}`;
    const started = Date.now();
    await get(url);
    let status = 'pending';
    while (status === 'pending') status = (await get(url)).job.status;
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
    while (status === 'started') status = (await get(url)).job.status;
    expect(Date.now() - started).toBeGreaterThanOrEqual(115);
    expect(status).toBe('completed');
  });

  it('makes a new job for other parameters or another source, not for another policy', async () => {
    const a = (await get(`${emu.url}/video_convert=preset:h264,height:200/${video}`)).job;
    const b = (await get(`${emu.url}/video_convert=height:200,preset:h264/${video}`)).job;
    const c = (await get(`${emu.url}/video_convert=preset:h264,height:240/${video}`)).job;
    const d = (await get(`${emu.url}/video_convert=preset:h264,height:200/${audio}`)).job;
    expect(b.uuid).toBe(a.uuid);
    expect(new Set([a.uuid, c.uuid, d.uuid]).size).toBe(3);
  });

  it('fails a job whose source is neither audio nor video, with a message', async () => {
    const url = `${emu.url}/video_convert=preset:h264/${text}`;
    const { seen, job } = await pollToEnd(url);
    expect(seen).toEqual(['pending', 'started', 'failed']);
    expect(job.message).toBe('video_convert: the file is not audio or video (text/plain)');
    expect(job.data).toEqual({});
  });

  it('converts audio with an audio preset', async () => {
    const { job } = await pollToEnd(`${emu.url}/video_convert=preset:mp3/${audio}`);
    expect(job.status).toBe('completed');
    expect(job.metadata.result.mime_type).toBe('audio/mpeg');
  });

  it('answers an HLS preset with a /video_playlist/ URL that delivers the output', async () => {
    const { job } = await pollToEnd(`${emu.url}/video_convert=preset:hls.variant/${video}`);
    const handle = job.data.url!.split('/').pop()!;
    expect(job.data.url).toBe(`${emu.url}/video_playlist/${handle}`);
    const playlist = await fetch(job.data.url!);
    expect(playlist.status).toBe(200);
    // Without ffmpeg there is no playlist: the copy is delivered and flagged.
    expect(playlist.headers.get('x-fs-emulator-unapplied')).toBe('video_playlist');
    expect(Buffer.from(await playlist.arrayBuffer())).toEqual(VIDEO);
  });

  it('stores the output where the store parameters say', async () => {
    const url = `${emu.url}/video_convert=preset:h264,path:"videos/",container:media,filename:out.mp4/${video}`;
    const { job } = await pollToEnd(url);
    const handle = job.data.url!.split('/').pop()!;
    const meta = await request<Record<string, unknown>>(
      `${emu.url}/${handle}/metadata?key=true&container=true&filename=true`,
    );
    expect(meta.body).toEqual({
      filename: 'out.mp4',
      container: 'media',
      key: `videos/${handle}-out.mp4`,
    });
  });

  it('converts a URL source given with the apikey segment', async () => {
    const url = `${emu.url}/${emu.apikey}/video_convert=preset:webm/${source.url}/media/clip.webm`;
    const { job } = await pollToEnd(url);
    expect(job.status).toBe('completed');
    expect(job.metadata.result.mime_type).toBe('video/webm');
    const missing = `${emu.url}/${emu.apikey}/video_convert=preset:webm/${source.url}/media/gone.webm`;
    const failed = await pollToEnd(missing);
    expect(failed.job.status).toBe('failed');
    expect(failed.job.message).toMatch(/^video_convert: .*404/);
  });

  it('answers POST like GET (Ruby converts with POST)', async () => {
    const url = `${emu.url}/video_convert=preset:ogg/${video}`;
    const posted = await request<Job>(url, { method: 'POST' });
    expect(posted.status).toBe(200);
    expect((await get(url)).job.uuid).toBe(posted.body.uuid);
  });

  it('refuses bad input with 400 or 404 before creating a job', async () => {
    const cases: [string, number, string][] = [
      ['video_convert=preset:mpeg1/', 400, 'invalid parameter video_convert.preset'],
      ['video_convert=width:99999/', 400, 'invalid parameter video_convert.width'],
      ['video_convert=bogus:1/', 400, 'unknown parameter video_convert.bogus'],
      ['resize=width:10/video_convert/', 400, 'unsupported task: video_convert'],
      ['video_convert/store/', 400, 'unsupported task: video_convert'],
    ];
    for (const [tasks, status, text] of cases) {
      const answer = await request<string>(`${emu.url}/${tasks}${video}`);
      expect(answer.status).toBe(status);
      expect(answer.body).toMatch(new RegExp(`^${text.replace(/[.]/g, '\\.')}`));
    }
    const unknown = await request<string>(`${emu.url}/video_convert/AAAAAAAAAAAAAAAAAAAA`);
    expect([unknown.status, unknown.body]).toEqual([404, 'File not found']);
  });
});

describe('video_convert with security', () => {
  const secret = 'video-secret';
  const emu = useEmulator({ hooks, secret, video: { ffmpeg: false, pendingMs: 0, startedMs: 0 } });
  let video: string;

  beforeAll(async () => {
    const pick = signedPolicy(secret, { expiry: inAnHour(), call: ['pick'] });
    video = await upload(emu, VIDEO, 'clip.mp4', 'video/mp4', pick);
  });

  it('needs a policy with the convert call, and keeps the job when the policy changes', async () => {
    const bare = await request<string>(`${emu.url}/video_convert=preset:h264/${video}`);
    expect(bare.status).toBe(403);
    const read = signedPolicy(secret, { expiry: inAnHour(), call: ['read'] });
    const denied = await request<string>(
      `${emu.url}/video_convert=preset:h264/security=p:${read.policy},s:${read.signature}/${video}`,
    );
    expect(denied.status).toBe(403);
    const one = signedPolicy(secret, { expiry: inAnHour(), call: ['convert'] });
    const two = signedPolicy(secret, { expiry: inAnHour() + 60, call: ['convert'] });
    const first = await get(
      `${emu.url}/video_convert=preset:h264/security=p:${one.policy},s:${one.signature}/${video}`,
    );
    expect(first.status).toBe(200);
    const second = await get(
      `${emu.url}/video_convert=preset:h264/${video}?policy=${two.policy}&signature=${two.signature}`,
    );
    expect(second.job.uuid).toBe(first.job.uuid);
  });
});

/**
 * A stand-in for ffmpeg (the real one is not installed here): it records its arguments, answers
 * a probe (`-i` with no output) as ffmpeg does, and writes recognisable output files, so what
 * the emulator asks ffmpeg for and what it does with the output can be checked.
 */
const STAND_IN = `#!/usr/bin/env node
const { appendFileSync, writeFileSync, readFileSync } = require('node:fs');
const { dirname, join } = require('node:path');
const args = process.argv.slice(2);
appendFileSync(join(__dirname, 'calls.jsonl'), JSON.stringify(args) + '\\n');
const input = args[args.indexOf('-i') + 1];
if (readFileSync(input, 'utf8').startsWith('BROKEN')) {
  process.stderr.write('Input #0, mov,mp4\\n' + input + ': Invalid data found when processing input\\n');
  process.exit(1);
}
if (args.indexOf('-i') === args.length - 2) {
  process.stderr.write('Input #0, mov,mp4,m4a:\\n  Duration: 00:00:02.50, start: 0.000000, bitrate: 99 kb/s\\n' +
    '  Stream #0:0(und): Video: h264 (High) (avc1 / 0x31637661), yuv420p, 320x240, 90 kb/s, 24 fps\\n' +
    '  Stream #0:1(und): Audio: aac (LC) (mp4a / 0x6134706D), 44100 Hz, stereo, fltp, 9 kb/s\\n' +
    'At least one output file must be specified\\n');
  process.exit(1);
}
const output = args[args.length - 1];
if (args.includes('hls')) {
  writeFileSync(join(dirname(output), 'playlist.ts'), 'segment bytes');
  writeFileSync(output, '#EXTM3U\\n#EXT-X-PLAYLIST-TYPE:VOD\\n#EXTINF:2.5,\\nplaylist.ts\\n#EXT-X-ENDLIST\\n');
} else {
  writeFileSync(output, 'converted ' + args.slice(0, -1).join(' '));
}
`;

describe('video_convert with ffmpeg (a recording stand-in)', () => {
  let emu: Emulator;
  let dir: string;
  let video: string;
  let broken: string;

  const calls = async (): Promise<string[][]> =>
    (await readFile(join(dir, 'calls.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as string[]);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fs-ffmpeg-'));
    const ffmpeg = join(dir, 'ffmpeg');
    await writeFile(ffmpeg, STAND_IN);
    await chmod(ffmpeg, 0o755);
    emu = await startEmulator({ video: { ffmpeg, pendingMs: 0, startedMs: 0 } });
    video = await upload(emu, VIDEO, 'clip.mov', 'video/quicktime');
    broken = await upload(emu, Buffer.from('BROKEN bytes'), 'bad.mp4', 'video/mp4');
  });
  afterAll(async () => {
    await emu.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('asks ffmpeg for the preset and parameters, and stores what it writes', async () => {
    const url = `${emu.url}/video_convert=preset:h264,width:320,height:240,aspect_mode:crop,fps:24,video_bitrate:800,clip_offset:"00:00:01",clip_length:"00:00:02"/${video}`;
    const first = await get(url);
    expect(first.unapplied).toBeNull();
    expect(first.job.emulator).toBeUndefined();
    const { job } = await pollToEnd(url);
    expect(job.status).toBe('completed');
    const convert = (await calls()).find((args) => args.includes('-f'))!;
    expect(convert.slice(0, 5)).toEqual(['-hide_banner', '-nostdin', '-ss', '1', '-i']);
    const after = convert.slice(6).join(' ');
    expect(after).toContain('-t 2 -c:v libx264');
    expect(after).toContain('-c:a aac');
    expect(after).toContain(
      '-vf scale=320:240:force_original_aspect_ratio=increase,crop=320:240,scale=trunc(iw/2)*2:trunc(ih/2)*2',
    );
    expect(after).toContain('-r 24 -b:v 800k');
    expect(after).toMatch(/-f mp4 -y \S+$/);
    const stored = await fetch(job.data.url!);
    expect(stored.headers.get('content-type')).toBe('video/mp4');
    expect(await stored.text()).toMatch(/^converted -hide_banner -nostdin -ss 1 -i /);
    expect(job.metadata.result).toMatchObject({
      mime_type: 'video/mp4',
      extname: '.mp4',
      duration: 2500,
      width: 320,
      height: 240,
      video_codec: 'h264',
      audio_codec: 'aac',
      encoding_progress: 100,
    });
    expect(job.metadata.source).toMatchObject({ duration: 2500, file_size: VIDEO.length });
  });

  it('names the parameters ffmpeg is not asked to apply', async () => {
    const url = `${emu.url}/video_convert=preset:webm,watermark_url:"https://example.com/w.png",two_pass:true/${video}`;
    const { job, unapplied } = await get(url);
    expect(unapplied).toBe('video_convert');
    expect(job.emulator).toEqual({ unapplied: ['two_pass', 'watermark_url'] });
  });

  it('writes HLS as a playlist pointing at its stored segments', async () => {
    const { job } = await pollToEnd(`${emu.url}/video_convert=preset:hls.variant/${video}`);
    expect(job.data.url).toMatch(/\/video_playlist\/[A-Za-z0-9]{20}$/);
    const playlist = await fetch(job.data.url!);
    expect(playlist.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
    expect(playlist.headers.get('x-fs-emulator-unapplied')).toBeNull();
    const segments = (await playlist.text()).split('\n').find((line) => line.startsWith('http'))!;
    expect(segments).toMatch(new RegExp(`^${emu.url}/[A-Za-z0-9]{20}$`));
    expect(await (await fetch(segments)).text()).toBe('segment bytes');
  });

  it("fails the job with ffmpeg's own words when it cannot convert", async () => {
    const { job } = await pollToEnd(`${emu.url}/video_convert=preset:h264/${broken}`);
    expect(job.status).toBe('failed');
    expect(job.message).toMatch(
      /^video_convert: ffmpeg failed \(exit 1\): .*Invalid data found when processing input$/,
    );
  });
});

describe('video_convert parameters for ffmpeg', () => {
  it('reads hh:mm:ss durations in seconds', () => {
    expect([durationSeconds('00:01:30'), durationSeconds('1'), durationSeconds('0:2')]).toEqual([
      90, 3600, 120,
    ]);
  });

  it('keeps the picture for video presets and drops it for audio presets', () => {
    expect(ffmpegPlan({ preset: 'mp3', width: 100, audio_bitrate: 128 }).output).toEqual([
      '-vn',
      '-c:a',
      'libmp3lame',
      '-b:a',
      '128k',
    ]);
    expect(ffmpegPlan({ width: 640 }).output).toContain('scale=640:-2');
    expect(ffmpegPlan({ width: 640, height: 360 }).output.join(' ')).toContain(
      'pad=640:360:(ow-iw)/2:(oh-ih)/2',
    );
  });

  it('reads duration, size and codecs from the log of ffmpeg -i', () => {
    expect(
      parseMediaInfo(
        '  Duration: 01:02:03.45, start: 0\n    Stream #0:0[0x1](und): Video: vp9 (Profile 0), yuv420p(tv), 1920x1080, 24 fps\n    Stream #0:1: Audio: opus, 48000 Hz',
      ),
    ).toEqual({
      duration: 3_723_450,
      video_codec: 'vp9',
      width: 1920,
      height: 1080,
      audio_codec: 'opus',
    });
  });
});

/*
 * With a real ffmpeg: runs where one is on the PATH (or named by FS_EMULATOR_FFMPEG), and is
 * skipped elsewhere, except where FS_REQUIRE_FFMPEG is set (CI installs ffmpeg and sets it), so
 * CI cannot skip it. The sample is made by ffmpeg itself: no media file is in the repository.
 */
const realFfmpeg = process.env.FS_EMULATOR_FFMPEG ?? (await ffmpegForTests());

// Real encodes: a second of video takes well under a second alone, many on a loaded machine.
describe.skipIf(!realFfmpeg)('video_convert with the real ffmpeg', { timeout: 120_000 }, () => {
  let emu: Emulator;
  let sample: string;

  beforeAll(async () => {
    const bytes = await sampleVideo({ width: 320, height: 240, seconds: 2, ffmpeg: realFfmpeg });
    emu = await startEmulator({ video: { ffmpeg: realFfmpeg!, pendingMs: 0, startedMs: 0 } });
    sample = await upload(emu, Buffer.from(bytes), 'sample.mp4', 'video/mp4');
  });
  afterAll(async () => {
    await emu?.close();
  });

  it.each([
    ['letterbox', 'width:160,height:120', 160, 120],
    ['crop', 'width:200,height:100,aspect_mode:crop', 200, 100],
    ['width only', 'width:100', 100, 76],
  ])(
    'converts to H.264 MP4 at the asked size (%s), as the MP4 boxes say',
    async (_mode, params, width, height) => {
      const url = `${emu.url}/video_convert=preset:h264,${params}/${sample}`;
      const { job } = await pollToEnd(url, 50);
      expect(job.status).toBe('completed');
      const bytes = new Uint8Array(await (await fetch(job.data.url!)).arrayBuffer());
      const { brand, tracks } = readMp4Tracks(bytes);
      expect(brand).toBe('isom');
      const video = tracks.find((track) => track.kind === 'vide');
      expect(video).toMatchObject({ codec: 'avc1', width, height });
      expect(video!.duration).toBeCloseTo(2, 0);
      expect(tracks.find((track) => track.kind === 'soun')).toMatchObject({ codec: 'mp4a' });
      expect(job.metadata.result).toMatchObject({ width, height, video_codec: 'h264' });
    },
  );

  it('converts to WebM at the asked size and measures the result', async () => {
    const { job } = await pollToEnd(`${emu.url}/video_convert=preset:webm,width:160/${sample}`, 50);
    expect(job.status).toBe('completed');
    expect(job.emulator).toBeUndefined();
    expect(job.metadata.result).toMatchObject({
      mime_type: 'video/webm',
      video_codec: 'vp8',
      audio_codec: 'vorbis',
      width: 160,
      height: 120,
    });
    expect(job.metadata.source).toMatchObject({ width: 320, height: 240, video_codec: 'h264' });
    const bytes = Buffer.from(await (await fetch(job.data.url!)).arrayBuffer());
    // The EBML magic number that starts every WebM file; no MP4 box reader takes it.
    expect(bytes.subarray(0, 4)).toEqual(Buffer.from([0x1a, 0x45, 0xdf, 0xa3]));
    expect(() => readMp4Tracks(bytes)).toThrow(/not an MP4 file|claims/);
  });

  it('extracts the audio as MP3, cut to the asked length', async () => {
    const url = `${emu.url}/video_convert=preset:mp3,clip_length:"00:00:01"/${sample}`;
    const { job } = await pollToEnd(url, 50);
    expect(job.metadata.result).toMatchObject({ mime_type: 'audio/mpeg', audio_codec: 'mp3' });
    expect(job.metadata.result.video_codec).toBeUndefined();
    expect(job.metadata.result.duration).toBeGreaterThan(900);
    expect(job.metadata.result.duration).toBeLessThan(1200);
  });

  it('fails with the encoder ffmpeg lacks', async () => {
    const url = `${emu.url}/video_convert=preset:h264,audio_codec:dib_ac3/${sample}`;
    const { job } = await pollToEnd(url, 50);
    expect(job.status).toBe('failed');
    expect(job.message).toMatch(/^video_convert: ffmpeg failed \(exit 1\): .*dib_ac3/);
  });
});
