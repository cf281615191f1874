/** The machines `switchboard diagram --machine` draws. */
export const DIAGRAM_MACHINES = ['session', 'scheduler'] as const;
export type DiagramMachine = (typeof DIAGRAM_MACHINES)[number];

/** The formats `switchboard diagram --format` writes. */
export const DIAGRAM_FORMATS = ['mermaid', 'dot', 'svg'] as const;
export type DiagramFormat = (typeof DIAGRAM_FORMATS)[number];
