import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryStore, createSwitchboard, createVirtualClock } from '@switchboard/core';
import { createSimulatedProvider } from '@switchboard/llm-adapter';
import { afterAll, describe, expect, it } from 'vitest';
import { closeBoard } from '../src/store/closeBoard.js';
import { defaultDbPath, ensureDbDirectory } from '../src/store/defaultDbPath.js';
import { onInterrupt } from '../src/store/onInterrupt.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('defaultDbPath', () => {
  it('is under XDG_STATE_HOME when it is set to an absolute path', () => {
    expect(defaultDbPath({ XDG_STATE_HOME: '/srv/state' }, '/home/ana')).toBe('/srv/state/switchboard/sessions.db');
  });

  it.each([[{}], [{ XDG_STATE_HOME: '' }], [{ XDG_STATE_HOME: 'relative/state' }]])(
    'falls back to ~/.local/state for %j (a relative value is ignored, as the XDG spec says)',
    (env) => {
      expect(defaultDbPath(env, '/home/ana')).toBe('/home/ana/.local/state/switchboard/sessions.db');
    },
  );
});

describe('ensureDbDirectory', () => {
  it('creates the missing directories readable by their owner only, and leaves an existing one alone', () => {
    const base = mkdtempSync(join(tmpdir(), 'switchboard-xdg-'));
    dirs.push(base);
    const file = defaultDbPath({ XDG_STATE_HOME: join(base, 'state') });
    ensureDbDirectory(file);
    expect(statSync(join(base, 'state', 'switchboard')).mode & 0o777).toBe(0o700);
    expect(statSync(join(base, 'state')).mode & 0o777).toBe(0o700);
    expect(() => ensureDbDirectory(file)).not.toThrow();
  });

  it('says what to do when it cannot create it', () => {
    const base = mkdtempSync(join(tmpdir(), 'switchboard-xdg-'));
    dirs.push(base);
    const blocked = join(base, 'file');
    writeFileSync(blocked, '');
    expect(() => ensureDbDirectory(join(blocked, 'switchboard', 'sessions.db'))).toThrow(
      `cannot create ${join(blocked, 'switchboard')} for the session database (ENOTDIR); pass --db PATH or --no-db`,
    );
  });
});

describe('closeBoard', () => {
  /** A board with an answer under way, kept in a memory store. */
  const setUp = () => {
    const clock = createVirtualClock();
    const order: string[] = [];
    const memory = createMemoryStore();
    const board = createSwitchboard({ provider: createSimulatedProvider({ clock, tokens: 50 }), clock, store: memory });
    board.send(board.createSession({ id: 'a' }), 'hello').result.catch(() => undefined);
    return { board, order, memory };
  };

  it('stops the board (its unfinished turn stays stored) before closing the store, once', () => {
    const { board, order, memory } = setUp();
    const close = closeBoard(board, { ...memory, close: () => order.push(`closed after stop: ${board.isIdle()}`) });
    close();
    close();
    expect(order).toEqual(['closed after stop: true']);
    expect(memory.loadSession('a')!.turn).not.toBeNull();
  });

  it('onInterrupt: cleans up on SIGTERM, then exits with 143, once', () => {
    const { board, order, memory } = setUp();
    const exits: number[] = [];
    const signals = new EventEmitter();
    const release = onInterrupt(
      () => {
        board.stop();
        order.push('stopped');
      },
      (code) => exits.push(code),
      signals,
    );
    signals.emit('SIGTERM');
    signals.emit('SIGTERM'); // handled once: the handlers are gone after the first
    expect(order).toEqual(['stopped']);
    expect(exits).toEqual([143]);
    expect(memory.loadSession('a')!.turn).not.toBeNull();
    release();
  });
});
