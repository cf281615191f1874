import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { schedulerMachine, sessionMachine, toDot, toMermaid, toSvg } from '@switchboard/core';
import { describe, expect, it } from 'vitest';
import { cli } from './support/inProcess.js';


const root = fileURLToPath(new URL('../../../', import.meta.url));
const bin = fileURLToPath(new URL('../src/bin.ts', import.meta.url));

/** The real `switchboard` command, as the package's bin runs it. */
function switchboard(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', bin, ...args], { cwd: root, timeout: 30_000, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
    });
  });
}

describe('switchboard diagram', () => {
  it('prints the session machine as Mermaid by default', async () => {
    expect(await cli(['diagram'])).toEqual({ code: 0, stdout: toMermaid(sessionMachine), stderr: '' });
  });

  it.each([
    [['--machine', 'scheduler'], toMermaid(schedulerMachine)],
    [['--format', 'dot'], toDot(sessionMachine)],
    [['--machine', 'scheduler', '--format', 'dot'], toDot(schedulerMachine)],
    [['--format=svg'], toSvg(sessionMachine)],
    [['--format', 'svg', '--machine', 'scheduler'], toSvg(schedulerMachine)],
  ])('prints %j from the machine definition', async (flags, expected) => {
    expect(await cli(['diagram', ...flags])).toEqual({ code: 0, stdout: expected, stderr: '' });
  });

  it('writes to --out instead of stdout, and says so on stderr', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sb-diagram-')), 'scheduler.svg');
    const { code, stdout, stderr } = await cli(['diagram', '--machine', 'scheduler', '--format', 'svg', '--out', file]);
    expect({ code, stdout }).toEqual({ code: 0, stdout: '' });
    expect(stderr).toBe(`switchboard: wrote the scheduler machine as svg to ${file}\n`);
    expect(readFileSync(file, 'utf8')).toBe(toSvg(schedulerMachine));
  });

  it.each([
    [['--machine', 'router'], '--machine must be "session" or "scheduler", got "router"'],
    [['--format', 'png'], '--format must be "mermaid" or "dot" or "svg", got "png"'],
    [['--format', 'SVG'], '--format must be "mermaid" or "dot" or "svg", got "SVG"'],
    [['--out'], '--out needs a value (see "switchboard diagram --help")'],
    [['--out='], '--out needs a file name'],
    [['--bogus'], 'unknown flag "--bogus" for "switchboard diagram" (see "switchboard diagram --help")'],
    [['scheduler'], '"switchboard diagram" takes no arguments, got "scheduler" (for that machine: --machine scheduler)'],
    [['x.svg'], '"switchboard diagram" takes no arguments, got "x.svg" (see "switchboard diagram --help")'],
  ])('refuses %j with one line naming what is allowed, exit 2', async (flags, message) => {
    expect(await cli(['diagram', ...flags])).toEqual({ code: 2, stdout: '', stderr: `switchboard: ${message}\n` });
  });

  it('reports a file it cannot write as a usage error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-diagram-'));
    expect(await cli(['diagram', '--out', join(dir, 'missing', 'x.mmd')])).toEqual({
      code: 2,
      stdout: '',
      stderr: `switchboard: cannot write ${join(dir, 'missing', 'x.mmd')}: its directory does not exist\n`,
    });
    expect((await cli(['diagram', '--out', dir])).stderr).toBe(`switchboard: cannot write ${dir}: it is a directory (give a file name to --out)\n`);
  });

  it('documents its flags, defaults and the API for one\'s own machines', async () => {
    const { code, stdout } = await cli(['diagram', '--help']);
    expect(code).toBe(0);
    expect(stdout.startsWith('Usage: switchboard diagram [flags]')).toBe(true);
    for (const text of ['--machine session|scheduler', '(default session)', '--format mermaid|dot|svg', '(default)', '--out FILE', 'toSvg(machine', '@switchboard/core', 'data-state']) {
      expect(stdout).toContain(text);
    }
    expect((await cli(['help', 'diagram'])).stdout).toBe(stdout);
    expect((await cli(['--help'])).stdout).toMatch(/^ {2}diagram +draw the session or scheduler statechart/m);
  });

  // One real process for each outcome: the bin, tsx and the lazy command loading together.
  describe.concurrent('as a real process', () => {
    it('prints the scheduler as DOT', async () => {
      expect(await switchboard('diagram', '--machine', 'scheduler', '--format', 'dot')).toEqual({ code: 0, stdout: toDot(schedulerMachine), stderr: '' });
    });

    it('prints the session as SVG', async () => {
      expect(await switchboard('diagram', '--format', 'svg')).toEqual({ code: 0, stdout: toSvg(sessionMachine), stderr: '' });
    });

    it('exits 2 on a bad format, without a stack trace', async () => {
      expect(await switchboard('diagram', '--format', 'jpeg')).toEqual({
        code: 2,
        stdout: '',
        stderr: 'switchboard: --format must be "mermaid" or "dot" or "svg", got "jpeg"\n',
      });
    });
  });
});
