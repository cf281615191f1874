import type { SessionState } from '@switchboard/core';

type Paint = (text: string) => string;

/** ANSI styles; every one is the identity when colour is off, so callers never branch. */
export interface Palette {
  readonly enabled: boolean;
  readonly bold: Paint;
  readonly dim: Paint;
  readonly red: Paint;
  readonly green: Paint;
  readonly yellow: Paint;
  readonly blue: Paint;
  readonly magenta: Paint;
  readonly cyan: Paint;
}

// Each style closes with its own reset code (not the full reset), so styles can nest.
const style = (enabled: boolean, open: number, close: number): Paint =>
  enabled ? (text) => `\u001b[${open}m${text}\u001b[${close}m` : (text) => text;

/**
 * Builds the palette.
 *
 * @example
 * ```ts
 * const c = createPalette(true);
 * c.green('✓ ok'); // "\u001b[32m✓ ok\u001b[39m"
 * ```
 */
export function createPalette(enabled: boolean): Palette {
  return {
    enabled,
    bold: style(enabled, 1, 22),
    dim: style(enabled, 2, 22),
    red: style(enabled, 31, 39),
    green: style(enabled, 32, 39),
    yellow: style(enabled, 33, 39),
    blue: style(enabled, 34, 39),
    magenta: style(enabled, 35, 39),
    cyan: style(enabled, 36, 39),
  };
}

/**
 * Whether to colour a stream: only a terminal, never with `--no-color`, never when
 * `NO_COLOR` is set to a non-empty value (https://no-color.org).
 *
 * @example
 * ```ts
 * const palette = createPalette(wantsColor(process.stdout, process.env, values['no-color'] === true));
 * ```
 */
export function wantsColor(stream: { readonly isTTY?: boolean }, env: NodeJS.ProcessEnv, noColorFlag: boolean): boolean {
  if (noColorFlag) return false;
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  return stream.isTTY === true;
}

/** The colour of a state wherever it is shown, so a glance finds the preemptions. */
export function paintState(palette: Palette, state: SessionState): string {
  switch (state) {
    case 'streaming':
      return palette.green(state);
    case 'suspended':
      return palette.yellow(state);
    case 'resuming':
      return palette.cyan(state);
    case 'queued':
      return palette.blue(state);
    case 'failed':
      return palette.red(state);
    case 'idle':
      return palette.dim(state);
  }
}

/**
 * A stable colour per session, by the order sessions were created.
 *
 * @example
 * ```ts
 * const paint = sessionPainter(palette, ['research', 'email']);
 * paint('email'); // magenta
 * ```
 */
export function sessionPainter(palette: Palette, ids: readonly string[]): (id: string) => string {
  const cycle: Paint[] = [palette.cyan, palette.magenta, palette.yellow, palette.blue, palette.green];
  return (id) => {
    const index = ids.indexOf(id);
    return palette.bold(index < 0 ? id : cycle[index % cycle.length]!(id));
  };
}
