/** Sizes shared by the layout and the SVG drawn from it, in px. */
export const METRICS = {
  /** Font size of state names. */
  stateFont: 13,
  /** Font size of transition labels. */
  labelFont: 11,
  /** Height of a transition label's line of text. */
  labelLine: 14,
  /** Height of a leaf state's box. */
  stateHeight: 36,
  /** Smallest width of a leaf state's box. */
  stateMinWidth: 72,
  /** Room on each side of a state's name. */
  statePadding: 14,
  /** Side of a history state's circle. */
  historySize: 30,
  /** Height of a compound state's title strip. */
  header: 26,
  /** Room between a compound state's border and its children. */
  inset: 14,
  /** Room around the whole drawing. */
  margin: 16,
  /** Radius of an initial marker's dot. */
  startRadius: 5,
} as const;
