import { describe, expect, it } from 'vitest';
import { parseScenario } from '../src/scenario/parseScenario.js';
import { ScenarioError } from '../src/scenario/ScenarioError.js';

/** The ScenarioError a script throws, so tests can check its file, line and wording. */
function errorOf(source: string, file = 'test.scenario'): ScenarioError {
  try {
    parseScenario(source, file);
  } catch (error) {
    if (error instanceof ScenarioError) return error;
    throw error;
  }
  throw new Error('expected a ScenarioError');
}

describe('parseScenario', () => {
  it('parses every command with its line number', () => {
    const source = ['new a', 'new b', 'switch a', 'send b Summarise   the report, please', 'cancel b', 'wait 250', 'wait 0', 'wait idle'].join('\n');
    expect(parseScenario(source)).toEqual([
      { kind: 'new', line: 1, session: 'a' },
      { kind: 'new', line: 2, session: 'b' },
      { kind: 'switch', line: 3, session: 'a' },
      { kind: 'send', line: 4, session: 'b', text: 'Summarise   the report, please' },
      { kind: 'cancel', line: 5, session: 'b' },
      { kind: 'wait', line: 6, ms: 250 },
      { kind: 'wait', line: 7, ms: 0 },
      { kind: 'waitIdle', line: 8 },
    ]);
  });

  it('ignores comments anywhere on a line, blank lines and surrounding whitespace', () => {
    const source = '# a scenario\n\n   \nnew a   # the first session\n\tsend a  Hello there  # not part of the message\n# wait 5\r\nwait idle#done\n';
    expect(parseScenario(source)).toEqual([
      { kind: 'new', line: 4, session: 'a' },
      { kind: 'send', line: 5, session: 'a', text: 'Hello there' },
      { kind: 'waitIdle', line: 7 },
    ]);
  });

  it('accepts an empty script and a byte order mark', () => {
    expect(parseScenario('')).toEqual([]);
    expect(parseScenario('# only a comment\n')).toEqual([]);
    expect(parseScenario('\uFEFFnew a')).toEqual([{ kind: 'new', line: 1, session: 'a' }]);
  });

  it('names the file, the line and the unknown command, listing the known ones', () => {
    const error = errorOf('new a\n\n# comment\nsned a hi', 'scenario.txt');
    expect(error).toBeInstanceOf(ScenarioError);
    expect(error.file).toBe('scenario.txt');
    expect(error.line).toBe(4);
    expect(error.message).toBe('scenario.txt:4: unknown command "sned" (expected new, switch, send, cancel, wait)');
  });

  it('treats command words as case-sensitive', () => {
    expect(errorOf('NEW a').message).toContain('unknown command "NEW"');
  });

  it.each([
    ['new', 1, '"new" needs a session id'],
    ['new a b', 1, 'too many arguments for "new": expected 1, got 2'],
    ['new a\nswitch', 2, '"switch" needs a session id'],
    ['new a\nswitch a b', 2, 'too many arguments for "switch"'],
    ['new a\ncancel', 2, '"cancel" needs a session id'],
    ['new a\ncancel a now', 2, 'too many arguments for "cancel"'],
    ['new a\nsend', 2, '"send" needs a session id and a message'],
    ['new a\nsend a', 2, '"send" needs a session id and a message'],
    ['new a\nsend a   # only a comment', 2, '"send" needs a session id and a message'],
    ['wait', 1, '"wait" needs a duration in milliseconds or "idle"'],
    ['wait 5 idle', 1, 'too many arguments for "wait"'],
  ])('reports missing or extra arguments: %j', (source, line, problem) => {
    const error = errorOf(source);
    expect(error.line).toBe(line);
    expect(error.message).toContain(`test.scenario:${line}: ${problem}`);
    expect(error.message).toContain('usage:');
  });

  it.each([
    ['switch ghost', 'switch'],
    ['send ghost hello', 'send'],
    ['cancel ghost', 'cancel'],
  ])('reports a session used before "new": %j', (command) => {
    const error = errorOf(`new a\n${command}\nnew ghost`);
    expect(error.line).toBe(2);
    expect(error.message).toBe('test.scenario:2: unknown session "ghost": create it first with "new ghost"');
  });

  it('reports a second "new" of the same id, pointing at the first', () => {
    const error = errorOf('new a\nnew b\n\nnew a');
    expect(error.line).toBe(4);
    expect(error.message).toBe('test.scenario:4: session "a" already exists (created on line 1)');
  });

  it('reports a session id the switchboard would refuse', () => {
    const error = errorOf(`new ${'x'.repeat(129)}`);
    expect(error.line).toBe(1);
    expect(error.message).toContain('session id is too long: 129 characters, at most 128');
  });

  it.each(['1.5', '-3', 'soon', '1e3', '0x10', '99999999999999999999', 'IDLE'])('reports a malformed wait: %s', (arg) => {
    const error = errorOf(`new a\nwait ${arg}`);
    expect(error.line).toBe(2);
    expect(error.message).toBe(`test.scenario:2: "wait" needs a whole number of milliseconds (0 or more) or "idle", got ${JSON.stringify(arg)}`);
  });

  it('stops at the first error, before any later line', () => {
    expect(errorOf('new a\nbogus\nsned').line).toBe(2);
  });

  it('uses a default file name when none is given', () => {
    expect(() => parseScenario('bogus')).toThrow('scenario:1: unknown command "bogus"');
  });
});
