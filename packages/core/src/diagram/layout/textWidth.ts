/** Width of one character of the monospace fonts the SVG asks for, per px of font size. */
const ADVANCE = 0.6;

/** East Asian wide and full-width characters take two columns in a monospace font. */
const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{1f300}-\u{1faff}\u{20000}-\u{3fffd}]/u;

/**
 * How wide a line of text is drawn in a monospace font of `fontSize` px. The SVG names
 * monospace fonts only, so this estimate holds wherever it is viewed, and boxes fit
 * their names without measuring text in a browser.
 *
 * @example
 * ```ts
 * textWidth('streaming', 13); // 70.2
 * ```
 */
export function textWidth(text: string, fontSize: number): number {
  let columns = 0;
  for (const char of text) columns += WIDE.test(char) ? 2 : 1;
  return columns * fontSize * ADVANCE;
}
