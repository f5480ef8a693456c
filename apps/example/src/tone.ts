import { writeFile } from 'node:fs/promises';

/**
 * Writes a WAV file of a sine tone (16-bit mono PCM): a real audio file for the conversion step,
 * made here so the repository holds no recording.
 */
export async function writeTone(path: string, seconds = 2, hertz = 440): Promise<number> {
  const rate = 16_000;
  const samples = rate * seconds;
  const wav = Buffer.alloc(44 + samples * 2);
  wav.write('RIFF', 0, 'latin1');
  wav.writeUInt32LE(36 + samples * 2, 4);
  wav.write('WAVEfmt ', 8, 'latin1');
  wav.writeUInt32LE(16, 16); // fmt chunk size
  wav.writeUInt16LE(1, 20); // PCM
  wav.writeUInt16LE(1, 22); // mono
  wav.writeUInt32LE(rate, 24);
  wav.writeUInt32LE(rate * 2, 28); // bytes per second
  wav.writeUInt16LE(2, 32); // bytes per frame
  wav.writeUInt16LE(16, 34); // bits per sample
  wav.write('data', 36, 'latin1');
  wav.writeUInt32LE(samples * 2, 40);
  for (let i = 0; i < samples; i++) {
    // A short fade in and out, so the tone does not click.
    const fade = Math.min(1, i / 800, (samples - i) / 800);
    wav.writeInt16LE(
      Math.round(Math.sin((2 * Math.PI * hertz * i) / rate) * 12_000 * fade),
      44 + i * 2,
    );
  }
  await writeFile(path, wav);
  return wav.length;
}
