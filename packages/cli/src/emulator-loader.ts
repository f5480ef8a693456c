import { CommandError } from './exit-codes.js';

type EmulatorModule = typeof import('@fs/emulator');

/**
 * `@fs/emulator`, imported only when a command needs it: it is an optional dependency (it
 * brings sharp), so the rest of the CLI works where it is not installed. `importModule` is the
 * import itself (a seam for the test of a missing package).
 *
 * @throws CommandError saying how to install it when it is missing.
 */
export async function loadEmulator(
  importModule: () => Promise<EmulatorModule> = () => import('@fs/emulator'),
): Promise<EmulatorModule> {
  try {
    return await importModule();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (
      (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') &&
      String((error as Error).message).includes('@fs/emulator')
    ) {
      throw new CommandError(
        '@fs/emulator is not installed (it is optional: it brings sharp, for image processing)',
        'install it next to the CLI, e.g. `npm install -g @fs/emulator`',
      );
    }
    throw error;
  }
}
