// A frontend that installs only @fs/transform and @fs/upload, as the README's frontend example
// does. .ci/run builds it with Vite and checks what the bundle holds.
import { resize, transformUrl } from '@fs/transform';
import { upload } from '@fs/upload';

const input = document.querySelector<HTMLInputElement>('#file')!;
const preview = document.querySelector<HTMLImageElement>('#preview')!;

input.addEventListener('change', async () => {
  const file = input.files?.[0];
  if (!file) return;
  const stored = await upload(file, {
    apikey: 'KEY',
    onProgress: ({ percent }) => console.log(`${percent}%`),
  });
  preview.src = transformUrl(stored.handle, [resize({ width: 400 })]);
});
