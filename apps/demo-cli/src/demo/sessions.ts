/**
 * The demo's sessions, in creation order. Their own module so the command can lay out its
 * columns before the engine is loaded.
 */
export const DEMO_SESSIONS = ['research', 'email', 'code'] as const;
