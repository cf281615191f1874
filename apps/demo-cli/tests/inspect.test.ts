import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readRecording } from '@switchboard/inspector';
import { describe, expect, it } from 'vitest';
import { cli } from './support/inProcess.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const bin = fileURLToPath(new URL('../src/bin.ts', import.meta.url));
const preempt = 'apps/demo-cli/examples/preempt.scenario';
/** In-process commands run from this package's directory. */
const preemptPath = join(root, preempt);
const KEY = 'sk-inspect-cli-test-0123456789';
const dir = mkdtempSync(join(tmpdir(), 'sb-inspect-cli-'));
const { NO_COLOR: _noColor, FORCE_COLOR: _forceColor, XDG_STATE_HOME: _state, ...baseEnv } = process.env;

/** A running `switchboard` process whose output can be awaited as it comes. */
function start(args: readonly string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', bin, ...args], {
    cwd: root,
    env: { ...baseEnv, OPENAI_API_KEY: KEY },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiters: Array<() => void> = [];
  const wake = () => waiters.splice(0).forEach((w) => w());
  child.stdout.on('data', (chunk: Buffer) => ((stdout += chunk), wake()));
  child.stderr.on('data', (chunk: Buffer) => ((stderr += chunk), wake()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => (wake(), resolve(code))));
  const matching = async (output: () => string, pattern: RegExp): Promise<RegExpExecArray> => {
    for (;;) {
      const match = pattern.exec(output());
      if (match) return match;
      if (child.exitCode !== null) throw new Error(`exited ${child.exitCode} before ${pattern}: ${stderr}`);
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };
  return {
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
    exited,
    /** Resolves once stderr matches (output arrives in chunks); fails if the process ends first. */
    stderrMatching: (pattern: RegExp) => matching(() => stderr, pattern),
    /** The same for stdout: the two pipes are read independently, so one can be ahead of the other. */
    stdoutMatching: (pattern: RegExp) => matching(() => stdout, pattern),
    interrupt: () => child.kill('SIGINT'),
  };
}

/** GET with a token header; collects the event stream's `data:` lines up to the given count. */
function events(url: string, count: number): Promise<string[]> {
  const { port, searchParams } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/events', headers: { 'x-inspector-token': searchParams.get('token')! } }, (res) => {
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        const data = buffer.split('\n').filter((line) => line.startsWith('data: ')).map((line) => line.slice(6));
        // Only whole messages count: the last one may still be arriving.
        const complete = buffer.endsWith('\n\n') ? data : data.slice(0, -1);
        if (complete.length >= count) {
          req.destroy();
          resolve(complete.slice(0, count));
        }
      });
    });
    req.on('error', reject);
    req.end();
  });
}

const status = (url: string) =>
  new Promise<number>((resolve, reject) => {
    request(url, (res) => (res.resume(), resolve(res.statusCode ?? 0))).on('error', reject).end();
  });


describe.concurrent('--inspect and --record', () => {
  it('run --json keeps stdout pure JSON, serves the live page until Ctrl+C, and records without the API key', async () => {
    const file = join(dir, 'run.jsonl');
    const run = start(['run', preempt, '--clock', 'virtual', '--json', '--inspect', '--record', file]);
    const [, url] = await run.stderrMatching(/^inspector: (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{43})$/m);
    await run.stderrMatching(/still serving .* press Ctrl\+C to stop/);
    // The document ends with its top-level brace on a line of its own; stdout may lag stderr.
    await run.stdoutMatching(/\n\}\n$/);
    expect(() => JSON.parse(run.stdout)).not.toThrow();
    expect(run.stderr).toMatch(/^recorded \d+ inspection records to .*run\.jsonl$/m);

    expect(await status(url!)).toBe(200);
    expect(await status(url!.replace(/\?token=.*/, ''))).toBe(403);
    const recorded = await readRecording(file);
    const streamed = await events(url!, recorded.length + 1);
    expect(JSON.parse(streamed[0]!)).toMatchObject({ title: 'switchboard run', mode: 'live' });
    expect(streamed.slice(1).map((line) => JSON.parse(line))).toEqual(recorded);
    expect(recorded.some((r) => r.kind === 'transition' && r.actor === 'research' && r.to === 'suspended')).toBe(true);
    expect(readFileSync(file, 'utf8')).not.toContain(KEY);

    run.interrupt();
    expect(await run.exited).toBe(0);
    expect(run.stderr).not.toContain('    at ');
  });

  it('switchboard inspect FILE replays the recording in the page, the same records in the same order', async () => {
    const file = join(dir, 'replay.jsonl');
    const recordOnly = start(['run', preempt, '--clock', 'virtual', '--record', file]);
    // Without --inspect nothing waits: the run ends as usual.
    expect(await recordOnly.exited).toBe(0);
    const recorded = await readRecording(file);

    const replay = start(['inspect', file]);
    const [, url] = await replay.stderrMatching(/^inspector: (http:\S+) — press Ctrl\+C to stop$/m);
    expect(replay.stderr).toContain(`replaying ${file} (${recorded.length} records)`);
    const streamed = await events(url!, recorded.length + 1);
    expect(JSON.parse(streamed[0]!)).toMatchObject({ mode: 'replay', title: 'Replay of replay.jsonl' });
    expect(streamed.slice(1).map((line) => JSON.parse(line))).toEqual(recorded);
    replay.interrupt();
    expect(await replay.exited).toBe(0);
  });

  it.each([
    [['inspect'], 'switchboard: "switchboard inspect" needs a recording file (made with --record)\n'],
    [['inspect', join(dir, 'missing.jsonl')], `switchboard: recording not found: ${join(dir, 'missing.jsonl')}\n`],
    [['run', preemptPath, '--record', join(dir, 'no', 'such', 'dir.jsonl')], `switchboard: cannot write the recording ${join(dir, 'no', 'such', 'dir.jsonl')}: its directory does not exist\n`],
    [['run', preemptPath, '--record='], 'switchboard: --record needs a file name\n'],
    [['demo', '--record'], 'switchboard: --record needs a value (see "switchboard demo --help")\n'],
  ])('refuses %j in one line, exit 2', async (args, message) => {
    const { code, stderr } = await cli(args);
    expect(stderr).toBe(message);
    expect(code).toBe(2);
  });

  it('cuts the texts of the records to --inspect-text-limit', async () => {
    const partials = async (limit: string[]) => {
      const file = join(dir, `limit${limit.join('')}.jsonl`);
      const { code } = await cli(['run', preemptPath, '--clock', 'virtual', '--json', '--record', file, ...limit]);
      expect(code).toBe(0);
      const records = await readRecording(file);
      return records.flatMap((r) => (r.kind === 'snapshot' && r.summary?.kind === 'session' && r.summary.turn ? [r.summary.turn] : []));
    };
    const cut = await partials(['--inspect-text-limit', '12']);
    expect(Math.max(...cut.map((t) => t.partialChars))).toBeGreaterThan(12);
    // At most 12 characters of the answer, then an ellipsis that says it was cut.
    for (const turn of cut) expect(turn.partial).toBe(turn.partialChars > 12 ? `${turn.partial.slice(0, -1)}…` : turn.partial);
    for (const turn of cut) expect(turn.partial.replace(/…$/, '').length).toBeLessThanOrEqual(12);
    const whole = await partials([]);
    expect(Math.max(...whole.map((t) => t.partial.length))).toBeGreaterThan(12);
    expect((await cli(['run', preemptPath, '--inspect-text-limit', 'x', '--record', join(dir, 'x.jsonl')])).stderr).toMatch(/--inspect-text-limit/);
    expect((await cli(['run', preemptPath, '--inspect-text-limit', '5'])).stderr).toBe('switchboard: --inspect-text-limit goes with --inspect or --record\n');
  });

  it('names the file and line of a bad recording', async () => {
    const file = join(dir, 'bad.jsonl');
    writeFileSync(file, '{"kind":"meta","format":"switchboard-inspection","version":1}\n{"seq":1,"at":0,"actor":"a","kind":"actor","parent":null,"machine":null}\nnot json\n');
    const { code, stderr } = await cli(['inspect', file]);
    expect(stderr).toMatch(new RegExp(`^switchboard: ${file}:3: not JSON \\(.+\\)\\n$`));
    expect(code).toBe(2);
  });

  it('documents the flags in each command\'s help', async () => {
    for (const command of ['run', 'demo', 'inspect']) {
      const { stdout } = await cli([command, '--help']);
      expect(stdout, command).toMatch(command === 'inspect' ? /Usage: switchboard inspect <recording-file>/ : /--inspect .*\n[\s\S]*--record FILE/);
    }
  });
});
