// Unit and differential tests: `x.test.ts` beside the code they test. Vite's own configuration
// underneath, so that the tests resolve modules as the page does (the program manifest
// `virtual:userland-programs` among them).
import { defineConfig, mergeConfig } from 'vitest/config';
import viteConfig from './vite.config.ts';

export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      include: ['engine/**/*.test.ts', 'userland/**/*.test.ts', 'scripts/**/*.test.ts', 'app/**/*.test.ts'],
      testTimeout: 60_000,
      hookTimeout: 60_000,
      pool: 'forks',
    },
  }),
);
