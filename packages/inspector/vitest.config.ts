import { defineConfig } from 'vitest/config';

// CI runs every package's tests at once on two cores: tests that start processes or servers
// can take longer than vitest's default 5 s there without anything being wrong.
export default defineConfig({ test: { testTimeout: 30_000, hookTimeout: 30_000 } });
