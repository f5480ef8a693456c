import { type Emulator, startEmulator } from '@fs/emulator';
import { ffmpegForTests, readMp4Tracks, sampleVideo } from '@fs/emulator/testing';
import { upload } from '@fs/upload';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { videoConvert } from '../src/index.js';

/*
 * videoConvert end to end with a real conversion: the emulator runs ffmpeg, and the output is
 * checked from its own MP4 boxes (no ffprobe). Skipped where there is no ffmpeg, except where
 * FS_REQUIRE_FFMPEG is set: CI installs ffmpeg and sets it, so there it always runs.
 */
const ffmpeg = await ffmpegForTests();

// Real encodes: a second of video takes well under a second alone, many on a loaded machine.
describe.skipIf(!ffmpeg)('videoConvert with a real conversion', { timeout: 120_000 }, () => {
  let emu: Emulator;
  let handle: string;

  beforeAll(async () => {
    emu = await startEmulator({ video: { ffmpeg: ffmpeg!, pendingMs: 0, startedMs: 0 } });
    const bytes = await sampleVideo({ width: 320, height: 240, seconds: 1, ffmpeg });
    const stored = await upload(bytes, {
      apikey: emu.apikey,
      urls: emu.urls,
      store: { filename: 'sample.mp4' },
    });
    handle = stored.handle;
  });
  afterAll(() => emu?.close());

  it('stores an H.264 MP4 of the asked width and height', async () => {
    const av = await videoConvert(
      handle,
      { preset: 'h264', width: 160, height: 90, aspect_mode: 'crop' },
      { urls: emu.urls },
    );
    const result = await av.wait({ interval: 50 });
    const bytes = new Uint8Array(await (await fetch(result.url)).arrayBuffer());
    const video = readMp4Tracks(bytes).tracks.find((track) => track.kind === 'vide');
    expect(video).toMatchObject({ codec: 'avc1', width: 160, height: 90 });
    expect(result.metadata.result).toMatchObject({
      mime_type: 'video/mp4',
      width: 160,
      height: 90,
    });
    expect(result.metadata.source).toMatchObject({ width: 320, height: 240 });
    expect(result.raw.emulator).toBeUndefined();
  });
});
