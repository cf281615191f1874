/**
 * Wraps text to `width` columns: on spaces where it can, hard-breaking words longer than
 * a line. Newlines in the text are kept. Counts UTF-16 code units (good enough for the
 * simulated model's ASCII and for most chat text).
 *
 * @example
 * ```ts
 * wrapText('the quick brown fox', 9); // ['the quick', 'brown fox']
 * ```
 */
export function wrapText(text: string, width: number): string[] {
  const w = Math.max(1, Math.floor(width));
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(' ')) {
      let rest = word;
      // A word longer than a line is cut into line-sized pieces.
      while (rest.length > w) {
        if (line !== '') {
          out.push(line);
          line = '';
        }
        out.push(rest.slice(0, w));
        rest = rest.slice(w);
      }
      if (line === '') line = rest;
      else if (line.length + 1 + rest.length <= w) line = `${line} ${rest}`;
      else {
        out.push(line);
        line = rest;
      }
    }
    out.push(line);
  }
  return out;
}

/** Cuts a string to `width` columns, ending with "…" when it was longer. */
export function truncate(text: string, width: number): string {
  const w = Math.max(0, Math.floor(width));
  if (text.length <= w) return text;
  if (w <= 1) return text.slice(0, w);
  return `${text.slice(0, w - 1)}…`;
}
