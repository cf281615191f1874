/**
 * Pads `painted` (which may hold ANSI codes) to `width` visible columns, given its plain text.
 *
 * @example
 * ```ts
 * padPainted(c.bold('ab'), 'ab', 4); // "\u001b[1mab\u001b[22m  "
 * ```
 */
export function padPainted(painted: string, plain: string, width: number): string {
  return painted + ' '.repeat(Math.max(0, width - plain.length));
}

/**
 * Milliseconds as seconds for timelines: `formatSeconds(410, 2)` is `"0.41s"`.
 *
 * @example
 * ```ts
 * formatSeconds(1250, 3); // "1.250s"
 * ```
 */
export function formatSeconds(ms: number, decimals: number): string {
  return `${(ms / 1000).toFixed(decimals)}s`;
}

/**
 * A duration for people: whole milliseconds stay whole, others get one decimal.
 *
 * @example
 * ```ts
 * formatMs(33.3333); // "33.3 ms"
 * ```
 */
export function formatMs(ms: number | null): string {
  if (ms === null) return '–';
  return `${Number.isInteger(ms) ? ms : ms.toFixed(1)} ms`;
}

/**
 * Wraps prose at word boundaries to lines of at most `width` characters, joined with a
 * newline and `indent` (the first line's indent is the caller's). Words longer than a line
 * stay whole.
 *
 * @example
 * ```ts
 * wrapText('one two three', 7, '  '); // "one two\n  three"
 * ```
 */
export function wrapText(text: string, width: number, indent: string): string {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (current !== '' && current.length + 1 + word.length > width) {
      lines.push(current);
      current = word;
    } else {
      current = current === '' ? word : `${current} ${word}`;
    }
  }
  lines.push(current);
  return lines.join(`\n${indent}`);
}

/**
 * A count with its noun, singular for one.
 *
 * @example
 * ```ts
 * plural(1, 'token'); // "1 token"
 * ```
 */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
