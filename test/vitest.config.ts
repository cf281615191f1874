import { defineConfig } from 'vitest/config';

// Whole-system tests (generated paths, exhaustive exploration, property runs) take seconds
// each, and CI runs every package at once on two cores: a generous per-test limit.
export default defineConfig({ test: { include: ['**/*.test.ts'], exclude: ['**/node_modules/**'], testTimeout: 60_000 } });
