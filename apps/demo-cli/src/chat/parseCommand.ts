/** What a line typed in the chat's input means. */
export type ChatCommand =
  | { readonly kind: 'empty' }
  | { readonly kind: 'message'; readonly text: string }
  | { readonly kind: 'new'; readonly name: string | undefined }
  | { readonly kind: 'switch'; readonly target: { readonly index: number } | { readonly name: string } }
  | { readonly kind: 'rename'; readonly name: string }
  | { readonly kind: 'cancel' }
  | { readonly kind: 'list' }
  | { readonly kind: 'help' }
  | { readonly kind: 'quit' }
  | { readonly kind: 'error'; readonly message: string };

/** The slash commands, for /help and error messages. */
export const SLASH_COMMANDS: ReadonlyArray<readonly [usage: string, summary: string]> = [
  ['/new [name]', 'start a new session and switch to it'],
  ['/switch <n|name>', 'switch to session number n, or by name'],
  ['/rename <name>', 'rename the current session'],
  ['/cancel', 'cancel the current turn (its partial is kept)'],
  ['/list', 'show every session with its state'],
  ['/help', 'show keys and commands'],
  ['/quit', 'leave (also /exit, or Ctrl+C twice)'],
];

/**
 * Reads one line of input: a message, or a slash command. Pure: it only says what the
 * line asks for. A line starting with "//" is a message starting with "/".
 *
 * @example
 * ```ts
 * parseCommand('/switch 2'); // { kind: 'switch', target: { index: 2 } }
 * parseCommand('hello');     // { kind: 'message', text: 'hello' }
 * ```
 */
export function parseCommand(line: string): ChatCommand {
  const trimmed = line.trim();
  if (trimmed === '') return { kind: 'empty' };
  if (trimmed.startsWith('//')) return { kind: 'message', text: trimmed.slice(1) };
  if (!trimmed.startsWith('/')) return { kind: 'message', text: trimmed };

  const match = /^\/(\S*)\s*(.*)$/s.exec(trimmed)!;
  const name = match[1]!.toLowerCase();
  const rest = match[2]!.trim();
  const noArgument = (command: ChatCommand): ChatCommand =>
    rest === '' ? command : { kind: 'error', message: `/${name} takes no argument` };

  switch (name) {
    case 'new':
      return { kind: 'new', name: rest === '' ? undefined : rest };
    case 'switch':
    case 'sw': {
      if (rest === '') return { kind: 'error', message: 'usage: /switch <n|name>' };
      if (/^\d+$/.test(rest)) {
        const index = Number(rest);
        if (index < 1) return { kind: 'error', message: 'sessions are numbered from 1' };
        return { kind: 'switch', target: { index } };
      }
      return { kind: 'switch', target: { name: rest } };
    }
    case 'rename':
      return rest === '' ? { kind: 'error', message: 'usage: /rename <name>' } : { kind: 'rename', name: rest };
    case 'cancel':
      return noArgument({ kind: 'cancel' });
    case 'list':
    case 'ls':
      return noArgument({ kind: 'list' });
    case 'help':
    case '?':
      return noArgument({ kind: 'help' });
    case 'quit':
    case 'exit':
    case 'q':
      return noArgument({ kind: 'quit' });
    default:
      return { kind: 'error', message: `unknown command "/${name}" (type /help; start with // to send a message beginning with /)` };
  }
}
