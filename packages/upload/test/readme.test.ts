import { runReadmeExample } from '@fs/test-kit';
import { expect, it } from 'vitest';

it('runs the README example against the emulator and prints what its comment says', async () => {
  const { lines } = await runReadmeExample(new URL('../README.md', import.meta.url), {
    file: 'example.ts',
    imports: {
      '@fs/upload': new URL('../src/index.node.ts', import.meta.url),
      '@fs/emulator': import.meta.resolve('@fs/emulator'),
    },
  });
  expect(lines).toEqual(['hello world']);
}, 30_000); // loading the example transforms the sources first: slow on a busy CI machine
