import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.shared.js';

// One bundle per format: every task factory and helper is a top-level function without side
// effects, so bundlers drop whatever a page does not import (checked in test/tree-shaking.test.ts).
export default defineConfig(packageBuild());
