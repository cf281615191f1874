import { ScenarioError } from './ScenarioError.js';
import { SCENARIO_COMMANDS, type ScenarioStep } from './types.js';

/** The switchboard refuses longer ids; catching it here keeps every script error a parse error. */
const MAX_ID_LENGTH = 128;

const USAGE: Record<(typeof SCENARIO_COMMANDS)[number], string> = {
  new: 'new <id>',
  switch: 'switch <id>',
  send: 'send <id> <text...>',
  cancel: 'cancel <id>',
  wait: 'wait <ms> | wait idle',
};

const isCommand = (word: string): word is (typeof SCENARIO_COMMANDS)[number] =>
  (SCENARIO_COMMANDS as readonly string[]).includes(word);

/**
 * Parses a scenario script into steps, checking the whole script before anything runs so
 * that a typo on the last line does not surface after minutes of streaming.
 *
 * One command per line; `#` starts a comment anywhere on a line (so a message cannot
 * contain `#`); blank lines are ignored. See {@link ScenarioStep} for the commands.
 *
 * @param source the script's text
 * @param file the name used in error messages, usually the path as the user typed it
 * @throws ScenarioError on the first problem, naming the file and line
 * @example
 * ```ts
 * parseScenario('new a\nsend a Hello there\nwait idle', 'demo.scenario');
 * // [{ kind: 'new', line: 1, session: 'a' }, { kind: 'send', line: 2, session: 'a', text: 'Hello there' }, { kind: 'waitIdle', line: 3 }]
 * ```
 */
export function parseScenario(source: string, file = 'scenario'): ScenarioStep[] {
  const steps: ScenarioStep[] = [];
  // id → line of its `new`, so a duplicate can point at the first one.
  const created = new Map<string, number>();
  const lines = source.replace(/^\uFEFF/, '').split(/\r?\n/);

  lines.forEach((raw, index) => {
    const line = index + 1;
    const fail = (problem: string): never => {
      throw new ScenarioError(file, line, problem);
    };
    const hash = raw.indexOf('#');
    const code = (hash === -1 ? raw : raw.slice(0, hash)).trim();
    if (code === '') return;

    const [command = '', ...args] = code.split(/\s+/);
    if (!isCommand(command)) {
      return fail(`unknown command ${JSON.stringify(command)} (expected ${SCENARIO_COMMANDS.join(', ')})`);
    }
    const usage = `usage: ${USAGE[command]}`;
    const exactlyOne = (what: string): string => {
      if (args.length === 0) return fail(`"${command}" needs ${what} (${usage})`);
      if (args.length > 1) {
        return fail(`too many arguments for "${command}": expected 1, got ${args.length} (${usage})`);
      }
      return args[0]!;
    };
    const existing = (id: string): string => {
      if (!created.has(id)) return fail(`unknown session ${JSON.stringify(id)}: create it first with "new ${id}"`);
      return id;
    };

    switch (command) {
      case 'new': {
        const id = exactlyOne('a session id');
        const first = created.get(id);
        if (first !== undefined) fail(`session ${JSON.stringify(id)} already exists (created on line ${first})`);
        if (id.length > MAX_ID_LENGTH) fail(`session id is too long: ${id.length} characters, at most ${MAX_ID_LENGTH}`);
        created.set(id, line);
        steps.push({ kind: 'new', line, session: id });
        return;
      }
      case 'switch':
        steps.push({ kind: 'switch', line, session: existing(exactlyOne('a session id')) });
        return;
      case 'cancel':
        steps.push({ kind: 'cancel', line, session: existing(exactlyOne('a session id')) });
        return;
      case 'send': {
        if (args.length < 2) fail(`"send" needs a session id and a message (${usage})`);
        // The message is the rest of the line as written, inner spacing included.
        const text = code.replace(/^\S+\s+\S+\s+/, '');
        steps.push({ kind: 'send', line, session: existing(args[0]!), text });
        return;
      }
      case 'wait': {
        const arg = exactlyOne('a duration in milliseconds or "idle"');
        if (arg === 'idle') {
          steps.push({ kind: 'waitIdle', line });
          return;
        }
        const ms = /^\d+$/.test(arg) ? Number(arg) : NaN;
        if (!Number.isSafeInteger(ms)) {
          fail(`"wait" needs a whole number of milliseconds (0 or more) or "idle", got ${JSON.stringify(arg)}`);
        }
        steps.push({ kind: 'wait', line, ms });
        return;
      }
    }
  });
  return steps;
}
