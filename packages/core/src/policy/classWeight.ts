import type { PriorityClass } from './types.js';

/** Priority levels per class: foreground is one level above background. */
export const CLASS_WEIGHT: Readonly<Record<PriorityClass, number>> = { foreground: 1, background: 0 };
