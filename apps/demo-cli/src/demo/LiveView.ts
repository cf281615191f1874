/** Somewhere to write: a terminal, a pipe, a test buffer. */
export interface Sink {
  write(text: string): unknown;
}

interface OpenLine {
  readonly key: string;
  column: number;
}

/**
 * Interleaves whole lines (state changes, narration) with streaming text on one output.
 *
 * Streaming text is written piece by piece on an open line, wrapped at word boundaries.
 * A whole line that arrives meanwhile first ends the open text line; the next piece of
 * text re-opens it with its prefix, so every text line says whose text it is.
 *
 * @example
 * ```ts
 * const view = new LiveView(process.stdout, 80);
 * view.text('code', '         code ▸ ', 'The quiet');
 * view.line('  0.41s  research  streaming → suspended');
 * view.text('code', '         code ▸ ', ' river crossed.'); // re-opens with the prefix
 * view.close();
 * ```
 */
export class LiveView {
  private open: OpenLine | null = null;

  constructor(
    private readonly out: Sink,
    private readonly width: number,
  ) {}

  /** Prints a whole line, ending any open text line first. */
  line(text: string): void {
    this.close();
    this.out.write(`${text}\n`);
  }

  /**
   * Appends streaming text for `key`. `prefix` starts the line (plain length
   * `prefixWidth`, since it may carry colour codes); `paint` styles the text.
   */
  text(key: string, prefix: string, chunk: string, options: { prefixWidth?: number; paint?: (text: string) => string } = {}): void {
    const prefixWidth = options.prefixWidth ?? prefix.length;
    const paint = options.paint ?? ((t: string) => t);
    if (this.open?.key !== key) {
      this.close();
      this.out.write(prefix);
      this.open = { key, column: prefixWidth };
    }
    const line = this.open;
    // Pieces start at whitespace, so each is one word with its leading space.
    for (let piece of chunk.split(/(?=\s)/)) {
      if (line.column > prefixWidth && line.column + piece.length > this.width) {
        this.out.write(`\n${' '.repeat(prefixWidth)}`);
        line.column = prefixWidth;
      }
      // A line never starts with the space that separated it from the previous word.
      if (line.column === prefixWidth) piece = piece.trimStart();
      if (piece === '') continue;
      this.out.write(paint(piece));
      line.column += piece.length;
    }
  }

  /** Ends the open text line, if any. */
  close(): void {
    if (this.open === null) return;
    this.out.write('\n');
    this.open = null;
  }
}
