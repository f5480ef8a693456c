import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.shared.js';

// @fs/core and @fs/transform stay external (dependencies), so a page shares them with the
// other packages it uses.
export default defineConfig(packageBuild());
