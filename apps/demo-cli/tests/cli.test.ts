import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { simulatedReply } from '@switchboard/llm-adapter';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const bin = fileURLToPath(new URL('../src/bin.ts', import.meta.url));
const preempt = 'apps/demo-cli/examples/preempt.scenario';
const busy = 'apps/demo-cli/examples/busy.scenario';

interface Outcome {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

// The child decides on colour itself: it must not inherit a NO_COLOR from the test run.
const { NO_COLOR: _noColor, FORCE_COLOR: _forceColor, ...childEnv } = process.env;

/** Runs a command line from the repository root and collects its exit code and output. */
function exec(file: string, args: readonly string[]): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd: root, env: childEnv, timeout: 30_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** The real `switchboard` command, as the package's bin runs it. */
const switchboard = (...args: string[]) => exec(process.execPath, ['--import', 'tsx', bin, ...args]);

interface JsonReport {
  sessions: Array<{ id: string; state: string; messages: Array<{ role: 'user' | 'assistant'; content: string }> }>;
  transitions: Array<{ at: number; session: string; from: string; to: string }>;
  stats: { preemptions: number; resumes: number; completions: number };
  config: Record<string, unknown>;
}

const NO_STACK = '    at ';

// Each test spawns its own process and waits on nothing shared: they may run side by side.
describe.concurrent('switchboard run', () => {
  it('preempts the background session and resumes it to the uninterrupted answer, identically on every virtual run', async () => {
    const [first, second] = await Promise.all([
      switchboard('run', preempt, '--json', '--clock', 'virtual'),
      switchboard('run', preempt, '--json', '--clock', 'virtual'),
    ]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(second.stdout).toBe(first.stdout);

    const report = JSON.parse(first.stdout) as JsonReport;
    expect(Object.keys(report)).toEqual(['sessions', 'transitions', 'stats', 'config']);
    const path = report.transitions.filter((t) => t.session === 'research').map((t) => `${t.from}->${t.to}`);
    const from = path.indexOf('streaming->suspended');
    expect(from).toBeGreaterThanOrEqual(0);
    expect(path.slice(from)).toEqual(['streaming->suspended', 'suspended->resuming', 'resuming->streaming', 'streaming->idle']);
    expect(report.stats.preemptions).toBeGreaterThanOrEqual(1);
    expect(report.stats.resumes).toBeGreaterThanOrEqual(1);

    const research = report.sessions.find((s) => s.id === 'research')!;
    expect(research.state).toBe('idle');
    expect(research.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
    for (const message of research.messages) expect(Object.keys(message)).toEqual(['role', 'content']);
    const uninterrupted = simulatedReply(research.messages.slice(0, 1), { seed: 0, tokens: 48 }).join('');
    expect(research.messages[1]!.content).toBe(uninterrupted);
    // Virtual times are exact: the preemption happens at the scenario's "wait 700".
    expect(report.transitions.find((t) => t.to === 'suspended')!.at).toBe(700);
  });

  it('prints a report for people, without colour when stdout is not a terminal', async () => {
    const { code, stdout, stderr } = await switchboard('run', busy, '--clock', 'virtual');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).not.toContain('\u001b[');
    for (const heading of ['Timeline', 'Stats', 'Transcripts']) expect(stdout).toContain(heading);
    expect(stdout).toContain('notes  streaming → queued     (cancelled: partial');
    expect(stdout).toContain('[cancelled]');
  });

  it('rejects a bad script before running it: exit 2, file and line on stderr, nothing on stdout', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-cli-'));
    const file = join(dir, 'bad.scenario');
    writeFileSync(file, 'new a\n# a comment\nsned a hello\n');
    const { code, stdout, stderr } = await switchboard('run', file, '--json', '--clock', 'virtual');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(`${file}:3: unknown command "sned" (expected new, switch, send, cancel, wait)\n`);
  });

  // Every flag's validation is covered in-process by main.test.ts; these check the real process.
  it.each([
    [['--concurrency', 'x'], 'switchboard: --concurrency must be a positive integer, got "x"'],
    [['--bogus'], 'switchboard: unknown flag "--bogus" for "switchboard run"'],
  ])('rejects bad flags %j with one clear line and exit 2', async (flags, message) => {
    const { code, stdout, stderr } = await switchboard('run', preempt, ...flags);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(message);
    expect(stderr).not.toContain(NO_STACK);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('names a missing scenario file', async () => {
    const { code, stdout, stderr } = await switchboard('run', 'no/such.scenario');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe('switchboard: scenario file not found: no/such.scenario\n');
  });
});

describe.concurrent('switchboard', () => {
  it.each([[['--help']], [['run', '--help']], [['demo', '--help']]])(
    'prints usage for %j and exits 0',
    async (args) => {
      const { code, stdout, stderr } = await switchboard(...args);
      expect(code).toBe(0);
      expect(stderr).toBe('');
      expect(stdout).toMatch(/^Usage: switchboard /);
    },
  );

  it('names an unknown command and exits 2', async () => {
    const { code, stdout, stderr } = await switchboard('frobnicate');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('unknown command "frobnicate"');
    expect(stderr).not.toContain(NO_STACK);
  });
});

describe.concurrent('switchboard demo', () => {
  it('plays live in colour on a terminal, preempts, resumes and verifies every answer', async () => {
    // `script` gives the demo a pseudo-terminal, as a person running it would have.
    const command = [process.execPath, '--import', 'tsx', bin, 'demo', '--tokens', '8', '--rate', '100']
      .map((arg) => `'${arg}'`)
      .join(' ');
    const { code, stdout } = await exec('script', ['-qfec', command, '/dev/null']);
    expect(code).toBe(0);
    expect(stdout).toContain('\u001b[');
    expect(stdout).toContain('suspended');
    expect(stdout).toContain('resum');
    expect(stdout).toMatch(/✓ all \d+ answers equal their uninterrupted answers/);
    expect(stdout).not.toContain('✗');
  });
});
