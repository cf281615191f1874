import fs from 'node:fs';
import Database from 'libsql';
import { describe, expect, it } from 'vitest';
import { APPLICATION_ID, SCHEMA_VERSION, openSqliteStore } from '../src/index.js';
import { useStores, message, pending, pragma, turn } from './helpers.js';

const { tmp, open, openStore } = useStores();

describe('openSqliteStore: round trip', () => {
  it('stores sessions, messages in order, pending, turn and queue order, and reads them back after reopening', () => {
    const file = tmp.file();
    let store = openStore(file);
    store.upsertSession({ id: 's1', name: 'first', createdAt: 1, updatedAt: 2, state: 'streaming' });
    store.upsertSession({ id: 's2', name: 'second', createdAt: 5, updatedAt: 6, state: 'idle' });
    const m1 = message('m1');
    const m2 = message('m1:answer', {
      role: 'assistant',
      status: 'completed',
      tokens: 7,
      toolCalls: [{ id: 'c1', name: 'lookup', arguments: '{"q":"x"}' }] as never,
      content: 'ünïcødé ✓ and "quotes"',
    });
    const m3 = message('m3');
    expect(store.appendMessage('s1', m1)).toBe(true);
    expect(store.appendMessages('s1', [m2, m3])).toBe(2);
    store.appendMessage('s2', message('other'));
    store.savePending('s1', [pending('p1'), pending('p2')]);
    store.saveTurn('s1', turn('m4', 'half an ans'));
    store.saveQueueOrder(['m4', 'p1', 'x9']);
    store.close();

    store = openStore(file);
    const loaded = store.loadSession('s1');
    expect(loaded).toEqual({
      session: { id: 's1', name: 'first', createdAt: 1, updatedAt: 2, state: 'streaming' },
      messages: [m1, m2, m3],
      pending: [pending('p1'), pending('p2')],
      turn: turn('m4', 'half an ans'),
    });
    expect(store.listSessions().map((s) => s.id)).toEqual(['s1', 's2']);
    const all = store.loadAll();
    expect(all.queueOrder).toEqual(['m4', 'p1', 'x9']);
    expect(all.sessions.map((s) => s.session.id)).toEqual(['s1', 's2']);
    expect(all.sessions[0]).toEqual(loaded);
    expect(all.sessions[1]!.messages).toEqual([message('other')]);
    expect(all.sessions[1]!.turn).toBeNull();
    expect(all.sessions[1]!.pending).toEqual([]);
  });

  it('updates a session without losing its transcript, clears the turn, replaces pending and queue order', () => {
    const store = openStore(tmp.file());
    store.upsertSession({ id: 's1', name: 'a', createdAt: 1, updatedAt: 1, state: 'idle' });
    store.appendMessage('s1', message('m1'));
    store.saveTurn('s1', turn('t', 'x'));
    store.savePending('s1', [pending('p1')]);
    store.saveQueueOrder(['a', 'b']);
    store.upsertSession({ id: 's1', name: 'renamed', createdAt: 1, updatedAt: 9, state: 'queued' });
    store.saveTurn('s1', null);
    store.savePending('s1', []);
    store.saveQueueOrder(['b']);
    const loaded = store.loadSession('s1')!;
    expect(loaded.session).toEqual({ id: 's1', name: 'renamed', createdAt: 1, updatedAt: 9, state: 'queued' });
    expect(loaded.messages).toEqual([message('m1')]);
    expect(loaded.turn).toBeNull();
    expect(loaded.pending).toEqual([]);
    expect(store.loadAll().queueOrder).toEqual(['b']);
  });

  it('deletes a session with everything stored for it', () => {
    const store = openStore(tmp.file());
    store.upsertSession({ id: 's1', name: 'a', createdAt: 1, updatedAt: 1, state: 'idle' });
    store.appendMessage('s1', message('m1'));
    expect(store.deleteSession('s1')).toBe(true);
    expect(store.deleteSession('s1')).toBe(false);
    expect(store.loadSession('s1')).toBeNull();
    // Recreated, it starts empty: the old messages went with it.
    store.upsertSession({ id: 's1', name: 'a', createdAt: 1, updatedAt: 1, state: 'idle' });
    expect(store.loadSession('s1')!.messages).toEqual([]);
  });

  it('refuses writes for a session that does not exist, as not_found', () => {
    const store = openStore(tmp.file());
    for (const write of [
      () => store.appendMessage('nope', message('m1')),
      () => store.savePending('nope', []),
      () => store.saveTurn('nope', null),
    ]) {
      expect(write).toThrow(expect.objectContaining({ name: 'StoreError', code: 'not_found' }));
    }
  });

  it('throws closed after close, and close is idempotent', () => {
    const store = openSqliteStore(tmp.file());
    store.close();
    store.close();
    expect(() => store.listSessions()).toThrow(expect.objectContaining({ code: 'closed' }));
  });
});

describe('openSqliteStore: idempotent appends', () => {
  it('a retried append never duplicates and keeps the first write and the original position', () => {
    const store = openStore(tmp.file());
    store.upsertSession({ id: 's1', name: 'a', createdAt: 1, updatedAt: 1, state: 'idle' });
    expect(store.appendMessage('s1', message('m1'))).toBe(true);
    expect(store.appendMessage('s1', message('m2'))).toBe(true);
    expect(store.appendMessage('s1', message('m1'))).toBe(false);
    expect(store.appendMessages('s1', [message('m2'), message('m3'), message('m3')])).toBe(1);
    expect(store.appendMessage('s1', message('m1', { content: 'retry with other text' }))).toBe(false);
    expect(store.loadSession('s1')!.messages).toEqual([message('m1'), message('m2'), message('m3')]);
  });

  it('the same message id in two sessions is two messages', () => {
    const store = openStore(tmp.file());
    store.upsertSession({ id: 's1', name: 'a', createdAt: 1, updatedAt: 1, state: 'idle' });
    store.upsertSession({ id: 's2', name: 'b', createdAt: 2, updatedAt: 2, state: 'idle' });
    expect(store.appendMessage('s1', message('m1'))).toBe(true);
    expect(store.appendMessage('s2', message('m1'))).toBe(true);
  });

  it('a failed batch writes nothing (one transaction)', () => {
    const store = openStore(tmp.file());
    store.upsertSession({ id: 's1', name: 'a', createdAt: 1, updatedAt: 1, state: 'idle' });
    const bad = { id: 'm2', role: 'user', content: 'x', at: 1, loop: {} as Record<string, unknown> };
    bad.loop['self'] = bad; // not JSON-serialisable
    expect(() => store.appendMessages('s1', [message('m1'), bad as never])).toThrow();
    expect(store.loadSession('s1')!.messages).toEqual([]);
  });
});

describe('openSqliteStore: the file', () => {
  it('is created with mode 0600', () => {
    const file = tmp.file();
    const old = process.umask(0o000); // even with a permissive umask
    try {
      openStore(file);
    } finally {
      process.umask(old);
    }
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('uses WAL, synchronous=NORMAL, foreign keys, the current schema and our application id', () => {
    const file = tmp.file();
    const store = openStore(file);
    store.upsertSession({ id: 's1', name: 'a', createdAt: 1, updatedAt: 1, state: 'idle' });
    expect(fs.existsSync(`${file}-wal`)).toBe(true);
    // SQLite gives the -wal and -shm files the database file's mode.
    for (const side of [`${file}-wal`, `${file}-shm`]) {
      if (fs.existsSync(side)) expect(fs.statSync(side).mode & 0o777).toBe(0o600);
    }
    store.close();
    const db = new Database(file);
    try {
      expect(pragma(db, 'journal_mode')).toBe('wal');
      expect(pragma(db, 'user_version')).toBe(SCHEMA_VERSION);
      expect(pragma(db, 'application_id')).toBe(APPLICATION_ID);
    } finally {
      db.close();
    }
    // synchronous and foreign_keys are per connection: check them on the store's own connection
    // indirectly: foreign keys cascade on delete (tested above) and refuse orphan messages (not_found).
  });

  it('opens an existing empty file (as created by openSync) as a new database', () => {
    const file = tmp.file();
    fs.writeFileSync(file, '', { mode: 0o600 });
    const store = openStore(file);
    expect(store.listSessions()).toEqual([]);
  });
});
