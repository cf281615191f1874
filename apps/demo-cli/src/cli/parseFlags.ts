import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './UsageError.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * `util.parseArgs` in strict mode, with its errors turned into {@link UsageError}s that
 * name the command and point at its help.
 *
 * @example
 * ```ts
 * const { values, positionals } = parseFlags('run', args, { json: { type: 'boolean' } }, true);
 * ```
 */
export function parseFlags<const O extends Options>(command: string, args: readonly string[], options: O, allowPositionals: boolean) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals, strict: true });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code !== 'string' || !code.startsWith('ERR_PARSE_ARGS')) throw error;
    const hint = `see "switchboard ${command} --help"`;
    const quoted = /'([^']+)'/.exec((error as Error).message)?.[1] ?? '';
    const flag = quoted.split(' ')[0] ?? quoted;
    switch (code) {
      case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
        throw new UsageError(`unknown flag "${flag}" for "switchboard ${command}" (${hint})`);
      case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
        // parseArgs will not take "-5" as a value after a space: it looks like a flag.
        if ((error as Error).message.includes('ambiguous')) {
          throw new UsageError(`${flag} needs a value; for one starting with "-" write ${flag}=<value>`);
        }
        throw new UsageError(`${flag} needs a value (${hint})`);
      case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
        throw new UsageError(`unexpected argument "${quoted}" for "switchboard ${command}" (${hint})`);
      default:
        throw new UsageError(`${(error as Error).message} (${hint})`);
    }
  }
}
