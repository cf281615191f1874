import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import type { CommandIO } from '../src/cli/types.js';

const examples = fileURLToPath(new URL('../examples/', import.meta.url));

/** Runs the command line in-process with buffers for stdout and stderr. */
async function cli(args: string[], options: { tty?: boolean; env?: NodeJS.ProcessEnv } = {}) {
  let stdout = '';
  let stderr = '';
  const io: CommandIO = {
    stdout: { write: (text: string) => (stdout += text), isTTY: options.tty ?? false, columns: 80 },
    stderr: { write: (text: string) => (stderr += text) },
    env: options.env ?? {},
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

describe('usage', () => {
  it.each([[[]], [['--help']], [['-h']], [['help']]])('prints the command list for %j', async (args) => {
    const { code, stdout, stderr } = await cli(args);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^Usage: switchboard <command> \[flags\]/);
    expect(stdout).toMatch(/^ {2}run /m);
    expect(stdout).toMatch(/^ {2}demo /m);
    expect(stdout).toMatch(/^ {2}mock-server /m);
    expect(stdout).toMatch(/^ {2}help /m);
  });

  it.each([
    [['help', 'run'], 'Usage: switchboard run <scenario-file>'],
    [['run', '-h'], 'Usage: switchboard run <scenario-file>'],
    [['help', 'demo'], 'Usage: switchboard demo'],
  ])('prints a command\'s help for %j', async (args, heading) => {
    const { code, stdout } = await cli(args);
    expect(code).toBe(0);
    expect(stdout.startsWith(heading)).toBe(true);
  });

  it('documents run\'s flags with their defaults, both clocks and the scenario language', async () => {
    const { stdout } = await cli(['run', '--help']);
    for (const text of [
      '--concurrency N', '(default 1)', '--tokens N', '(default 48)', '--rate N', '(default 40)',
      '--first-token-ms N', '(default 250)', '--seed N', '(default 0)', '--clock real|virtual', 'virtual: the run finishes at once',
      '--json', '--no-color', 'new <id>', 'switch <id>', 'send <id> <text...>', 'cancel <id>', 'wait <ms>', 'wait idle', '# starts a comment',
    ]) {
      expect(stdout).toContain(text);
    }
  });

  it.each([['run'], ['demo']])('documents %s\'s provider flags and its environment, and that the key has no flag', async (command) => {
    const { stdout } = await cli([command, '--help']);
    for (const text of [
      '--provider simulated|openai', '(default simulated)', '--model NAME', '--continuation prefix|instruct|restart', '(default instruct)',
      'ignores it: it always continues exactly', '--prefix-style vllm|deepseek', '(default vllm)', '--base-url URL', '--max-retries N', '(default 3)',
      '--stall-timeout-ms N', '(default 30000', 'Environment:', 'OPENAI_API_KEY', 'OPENAI_BASE_URL', 'OPENAI_MODEL', 'NO_COLOR',
      'The API key has no flag', 'Simulated provider only (refused with --provider openai',
    ]) {
      expect(stdout).toContain(text);
    }
    expect(stdout).not.toContain('--api-key');
  });

  it('documents mock-server\'s flags and the fault script', async () => {
    const { code, stdout } = await cli(['mock-server', '--help']);
    expect(code).toBe(0);
    expect(stdout.startsWith('Usage: switchboard mock-server [flags]')).toBe(true);
    for (const text of [
      '--port N', '--tokens N', '--rate N', '--first-token-ms N', '--seed N', '--faults SCRIPT', '--models a,b',
      'ok ', '429:2', 'drop:K', 'stall:K', 'malformed:K', 'MOCK_SERVER_API_KEY', 'OPENAI_BASE_URL=http://127.0.0.1:8080/v1 switchboard run',
    ]) {
      expect(stdout).toContain(text);
    }
  });

  it('documents demo\'s flags with their defaults', async () => {
    const { stdout } = await cli(['demo', '--help']);
    for (const text of ['--concurrency N', '(default 1)', '--rate N', '(default 40)', '--tokens N', '(default 48)', '--no-color']) {
      expect(stdout).toContain(text);
    }
  });

  it.each([
    [['frobnicate'], 'switchboard: unknown command "frobnicate" (commands: run, demo, chat, resume, sessions, inspect, mock-server, diagram, help; see "switchboard --help")'],
    [['help', 'frobnicate'], 'switchboard: no help for unknown command "frobnicate" (commands: run, demo, chat, resume, sessions, inspect, mock-server, diagram)'],
  ])('names an unknown command: %j', async (args, message) => {
    const { code, stdout, stderr } = await cli(args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(`${message}\n`);
  });
});

describe('flag errors', () => {
  const scenario = `${examples}preempt.scenario`;
  it.each([
    [['--concurrency', 'x'], '--concurrency must be a positive integer, got "x"'],
    [['--concurrency', '0'], '--concurrency must be a positive integer, got "0"'],
    [['--concurrency', '1.5'], '--concurrency must be a positive integer, got "1.5"'],
    [['--tokens', 'abc'], '--tokens must be a positive integer, got "abc"'],
    [['--tokens', '100001'], '--tokens must be at most 100000, got "100001"'],
    [['--rate', '0'], '--rate must be a positive number, got "0"'],
    [['--rate=-5'], '--rate must be a positive number, got "-5"'],
    [['--rate', 'Infinity'], '--rate must be a positive number, got "Infinity"'],
    [['--rate', '0x10'], '--rate must be a positive number, got "0x10"'],
    [['--rate', '-5'], '--rate needs a value; for one starting with "-" write --rate=<value>'],
    [['--first-token-ms', '2.5'], '--first-token-ms must be a whole number (0 or more), got "2.5"'],
    [['--seed', 'abc'], '--seed must be an integer, got "abc"'],
    [['--clock', 'fast'], '--clock must be "real" or "virtual", got "fast"'],
    [['--bogus'], 'unknown flag "--bogus" for "switchboard run" (see "switchboard run --help")'],
    [['--tokens'], '--tokens needs a value (see "switchboard run --help")'],
    [['extra.scenario'], 'unexpected argument "extra.scenario": "switchboard run" takes one scenario file'],
  ])('run %j', async (flags, message) => {
    const { code, stdout, stderr } = await cli(['run', scenario, ...flags]);
    expect({ code, stdout, stderr }).toEqual({ code: 2, stdout: '', stderr: `switchboard: ${message}\n` });
  });

  it.each([
    [['run'], '"switchboard run" needs a scenario file (see "switchboard run --help")'],
    [['run', 'no/such.scenario'], 'scenario file not found: no/such.scenario'],
    [['run', examples], `${examples} is a directory, not a scenario file`],
    [['demo', '--concurrency', 'x'], '--concurrency must be a positive integer, got "x"'],
    [['demo', '--tokens', '5000'], '--tokens must be at most 2000, got "5000"'],
    [['demo', '--rate', 'fast'], '--rate must be a positive number, got "fast"'],
    [['demo', '--json'], 'unknown flag "--json" for "switchboard demo" (see "switchboard demo --help")'],
    [['demo', 'now'], 'unexpected argument "now" for "switchboard demo" (see "switchboard demo --help")'],
  ])('%j', async (args, message) => {
    const { code, stdout, stderr } = await cli(args);
    expect({ code, stdout, stderr }).toEqual({ code: 2, stdout: '', stderr: `switchboard: ${message}\n` });
  });

  // The provider's flags: what does not apply to the chosen provider is refused, never ignored.
  it.each([
    [['--provider', 'anthropic'], '--provider must be "simulated" or "openai", got "anthropic"'],
    [['--continuation', 'resume'], '--continuation must be "prefix" or "instruct" or "restart", got "resume"'],
    [['--prefix-style', 'sglang', '--provider', 'openai', '--continuation', 'prefix'], '--prefix-style must be "vllm" or "deepseek", got "sglang"'],
    [['--max-retries', '-1'], '--max-retries needs a value; for one starting with "-" write --max-retries=<value>'],
    [['--max-retries', 'x'], '--max-retries must be a whole number (0 or more), got "x"'],
    [['--stall-timeout-ms', '1.5'], '--stall-timeout-ms must be a whole number (0 or more), got "1.5"'],
    [['--model', 'gpt-4o'], '--model applies to --provider openai only; the simulated provider (the default) has no use for it (see "switchboard run --help")'],
    [['--base-url', 'http://127.0.0.1:1/v1'], '--base-url applies to --provider openai only; the simulated provider (the default) has no use for it (see "switchboard run --help")'],
    [['--provider', 'openai', '--tokens', '5'], '--tokens applies to the simulated provider only: with --provider openai the server decides its answers (see "switchboard run --help")'],
    [['--provider', 'openai', '--rate', '5'], '--rate applies to the simulated provider only: with --provider openai the server decides its answers (see "switchboard run --help")'],
    [['--provider', 'openai', '--first-token-ms', '5'], '--first-token-ms applies to the simulated provider only: with --provider openai the server decides its answers (see "switchboard run --help")'],
    [['--provider', 'openai', '--seed', '5'], '--seed applies to the simulated provider only: with --provider openai the server decides its answers (see "switchboard run --help")'],
    [['--provider', 'openai', '--clock', 'virtual'], '--clock virtual needs the simulated provider: a real server streams in real time (drop --clock, or use --clock real)'],
    [['--provider', 'openai', '--prefix-style', 'deepseek'], '--prefix-style applies only with --continuation prefix (see "switchboard run --help")'],
    [['--provider', 'openai', '--base-url', 'localhost:8000'], '--base-url must be an http:// or https:// URL such as http://127.0.0.1:8000/v1, got "localhost:8000"'],
    [['--provider', 'openai', '--model', ' '], '--model needs a model name'],
    [['--api-key', 'sk-x'], 'unknown flag "--api-key" for "switchboard run" (see "switchboard run --help")'],
  ])('run provider flags %j', async (flags, message) => {
    const { code, stdout, stderr } = await cli(['run', scenario, ...flags], { env: { OPENAI_BASE_URL: 'http://127.0.0.1:1/v1' } });
    expect({ code, stdout, stderr }).toEqual({ code: 2, stdout: '', stderr: `switchboard: ${message}\n` });
  });

  it.each([
    [['demo', '--provider', 'openai', '--tokens', '8'], '--tokens applies to the simulated provider only: with --provider openai the server decides its answers (see "switchboard demo --help")'],
    [['demo', '--model', 'm'], '--model applies to --provider openai only; the simulated provider (the default) has no use for it (see "switchboard demo --help")'],
    [['mock-server', '--port', '70000'], '--port must be at most 65535, got "70000"'],
    [['mock-server', '--faults', '429,drop'], '--faults: fault script item 2 "drop": drop needs a chunk count, e.g. drop:5 (see "switchboard mock-server --help")'],
    [['mock-server', '--models', ' , '], '--models needs at least one model name, e.g. --models gpt-4o-mini,mock'],
    [['mock-server', '--rate', '0'], '--rate must be a positive number, got "0"'],
    [['mock-server', '--host', '0.0.0.0'], 'unknown flag "--host" for "switchboard mock-server" (see "switchboard mock-server --help")'],
  ])('%j', async (args, message) => {
    const { code, stdout, stderr } = await cli(args);
    expect({ code, stdout, stderr }).toEqual({ code: 2, stdout: '', stderr: `switchboard: ${message}\n` });
  });

  it.each([
    [{}, '--provider openai needs an API key: set OPENAI_API_KEY in the environment (there is no flag for it), or point --base-url or OPENAI_BASE_URL at a server that needs none'],
    [{ OPENAI_API_KEY: '', OPENAI_BASE_URL: '' }, '--provider openai needs an API key'],
    [{ OPENAI_API_KEY: 'sk-canary-in-process-0123456789', OPENAI_BASE_URL: 'ftp://example.com' }, 'OPENAI_BASE_URL must be an http:// or https:// URL'],
  ])('refuses to set up the openai provider with env %j: exit 2, one line', async (env, message) => {
    const { code, stdout, stderr } = await cli(['run', scenario, '--provider', 'openai'], { env });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(`switchboard: ${message}`);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).not.toContain('sk-canary');
  });

  it('accepts a negative seed written with "="', async () => {
    const { code, stdout } = await cli(['run', scenario, '--clock', 'virtual', '--json', '--seed=-3']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).config.seed).toBe(-3);
  });
});

describe('run in-process', () => {
  const scenario = `${examples}busy.scenario`;

  it('reports the effective settings in the JSON document', async () => {
    const { code, stdout } = await cli(['run', scenario, '--clock', 'virtual', '--json', '--concurrency', '2', '--rate', '12.5', '--tokens', '6']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).config).toEqual({
      provider: 'simulated', concurrency: 2, tokens: 6, rate: 12.5, firstTokenMs: 250, seed: 0, clock: 'virtual', maxRetries: 3, stallTimeoutMs: 30_000,
    });
  });

  it.each([
    [{ tty: true }, true],
    [{ tty: true, env: { NO_COLOR: '1' } }, false],
    [{ tty: true, env: { NO_COLOR: '' } }, true],
    [{ tty: false }, false],
  ])('colours the report only on a terminal without NO_COLOR: %j', async (options, coloured) => {
    const { stdout } = await cli(['run', scenario, '--clock', 'virtual'], options);
    expect(stdout.includes('\u001b[')).toBe(coloured);
  });

  it('turns colour off with --no-color, even on a terminal', async () => {
    const { stdout } = await cli(['run', scenario, '--clock', 'virtual', '--no-color'], { tty: true });
    expect(stdout).not.toContain('\u001b[');
    expect(stdout).toContain('Timeline');
  });

  it('never colours JSON', async () => {
    const { stdout } = await cli(['run', scenario, '--clock', 'virtual', '--json'], { tty: true });
    expect(stdout).not.toContain('\u001b[');
  });
});
