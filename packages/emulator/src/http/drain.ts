import type { Readable } from 'node:stream';

/** Reads and discards an unread body, so an early answer does not race the client's upload. */
export async function drain(body: NodeJS.ReadableStream | undefined): Promise<void> {
  const stream = body as Readable | undefined;
  if (!stream || stream.readableEnded || stream.destroyed) return;
  await new Promise<void>((resolve) => {
    stream.on('end', resolve);
    stream.on('error', () => resolve());
    stream.on('close', resolve);
    stream.resume();
  });
}
