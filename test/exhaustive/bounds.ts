import { createPriorityPolicy } from '@switchboard/core';
import type { ModelBounds } from '@switchboard/core/testing';

const AGING_MS = 1000;

/** The composed system's bounds: the checks in `pnpm test` and the larger ones in `pnpm verify`. */
export const bounds = (overrides: Partial<ModelBounds>): ModelBounds => ({
  sessions: 3,
  slots: 1,
  messagesPerSession: 2,
  tokens: 2,
  maxRetries: 1,
  capacity: 4,
  ticks: 1,
  agingMs: AGING_MS,
  policy: createPriorityPolicy({ agingMs: AGING_MS }),
  ...overrides,
});

export const TEST_BOUNDS = [bounds({ slots: 1 }), bounds({ slots: 2, ticks: 0 })];
export const VERIFY_BOUNDS = [bounds({ slots: 1, messagesPerSession: 3 }), bounds({ slots: 2, messagesPerSession: 3 })];
