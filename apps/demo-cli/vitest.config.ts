import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The CLI tests spawn real processes side by side on small machines: give them room.
    testTimeout: 20_000,
  },
});
