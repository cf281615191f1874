import fs from 'node:fs';
import Database from 'libsql';
import { describe, expect, it } from 'vitest';
import { APPLICATION_ID, SCHEMA_VERSION, StoreError, openSqliteStore } from '../src/index.js';
import {
  NOBODY,
  digest,
  holdLockInChild,
  isRoot,
  listing,
  useStores,
  message,
  openAsNobody,
  pragma,
  release,
} from './helpers.js';

const { tmp, open } = useStores();

function openError(...args: Parameters<typeof openSqliteStore>): StoreError {
  try {
    open.push(openSqliteStore(...args));
  } catch (err) {
    expect(err).toBeInstanceOf(StoreError);
    return err as StoreError;
  }
  throw new Error('expected openSqliteStore to throw');
}

/** A valid store file holding one session with one message. */
function seeded(file = tmp.file()): string {
  const store = openSqliteStore(file);
  store.upsertSession({ id: 's1', name: 'kept', createdAt: 1, updatedAt: 1, state: 'idle' });
  store.appendMessage('s1', message('m1'));
  store.close();
  return file;
}

/** Runs `fn` and checks that the file's bytes and the directory's listing did not change. */
function expectUntouched(file: string, fn: () => void): void {
  const before = digest(file);
  const names = listing(tmp.dir);
  fn();
  expect(digest(file)).toBe(before);
  expect(listing(tmp.dir)).toEqual(names);
}

describe('corrupt', () => {
  it('garbage bytes: corrupt, with what to do, file untouched', () => {
    const file = tmp.file();
    fs.writeFileSync(file, Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 7919) % 251)));
    expectUntouched(file, () => {
      const err = openError(file);
      expect(err.code).toBe('corrupt');
      expect(err.message).toBe(
        `${file} is not a Switchboard database or is damaged; move it aside or pass another --db path`,
      );
    });
  });

  it('a text file: corrupt', () => {
    const file = tmp.file();
    fs.writeFileSync(file, 'hello, I am notes.txt\n'.repeat(100));
    expectUntouched(file, () => expect(openError(file).code).toBe('corrupt'));
  });

  it("another program's SQLite database: corrupt (not ours), untouched", () => {
    const file = tmp.file();
    const db = new Database(file);
    db.exec('CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES (\'soup\')');
    db.close();
    expectUntouched(file, () => expect(openError(file).code).toBe('corrupt'));
  });

  it('a SQLite file with a schema version but a foreign application id: corrupt', () => {
    const file = tmp.file();
    const db = new Database(file);
    db.exec('PRAGMA user_version = 1; PRAGMA application_id = 42; CREATE TABLE t (x)');
    db.close();
    expectUntouched(file, () => expect(openError(file).code).toBe('corrupt'));
  });
});

describe('newer_schema', () => {
  it('a file from a newer build: newer_schema naming both versions, untouched', () => {
    const file = seeded();
    const db = new Database(file);
    db.exec(`PRAGMA user_version = ${SCHEMA_VERSION + 5}`);
    db.close();
    expectUntouched(file, () => {
      const err = openError(file);
      expect(err.code).toBe('newer_schema');
      expect(err.message).toBe(
        `${file} was written by a newer Switchboard (schema ${SCHEMA_VERSION + 5}, this build knows ${SCHEMA_VERSION}); upgrade Switchboard`,
      );
    });
  });
});

describe('locked', () => {
  it('another process in a write transaction: locked, untouched; opens once it ends', async () => {
    const file = seeded();
    const child = await holdLockInChild(file, 'txn');
    try {
      expectUntouched(file, () => {
        const err = openError(file, { busyTimeoutMs: 50 });
        expect(err.code).toBe('locked');
        expect(err.message).toBe(`${file} is in use by another switchboard process; close it or use another --db`);
      });
    } finally {
      await release(child);
    }
    const store = openSqliteStore(file);
    open.push(store);
    expect(store.loadSession('s1')!.session.name).toBe('kept');
  });

  it('another live switchboard process holding the store (idle): locked', async () => {
    const file = seeded();
    const child = await holdLockInChild(file, 'store');
    try {
      const err = openError(file, { busyTimeoutMs: 50 });
      expect(err.code).toBe('locked');
      expect(err.message).toContain('is in use by another switchboard process; close it or use another --db');
      expect(err.message).toContain(`pid ${child.pid}`);
    } finally {
      await release(child);
    }
    // It closed cleanly and gave up ownership.
    open.push(openSqliteStore(file));
  });

  it('the same file opened twice in one process: the second is locked', () => {
    const file = tmp.file();
    open.push(openSqliteStore(file));
    expect(openError(file).code).toBe('locked');
  });

  it('an owner that crashed (its process is gone) is taken over, data kept', async () => {
    const file = seeded();
    const child = await holdLockInChild(file, 'store');
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL'); // a crash: no close(), its owner row stays behind
    await exited;
    const store = openSqliteStore(file);
    open.push(store);
    expect(store.loadSession('s1')!.messages).toEqual([message('m1')]);
  });
});

describe('read_only', () => {
  // Tests run as root here, and root ignores file permissions: chmod 0444/0555 does not stop
  // root from writing. So the chmod cases run in-process only for an ordinary user; as root they
  // run in a child process spawned as `nobody` (below). Always, we also test the read-only path
  // through a connection opened read-only (SQLite mode=ro): writes fail with SQLITE_READONLY,
  // which the store must report as `read_only` without changing the file.
  it('a read-only connection: reads work, every write is read_only, file untouched', () => {
    const file = seeded();
    expectUntouched(file, () => {
      const store = openSqliteStore(file, { readOnly: true });
      try {
        expect(store.loadSession('s1')!.messages).toEqual([message('m1')]);
        for (const write of [
          () => store.upsertSession({ id: 's2', name: 'x', createdAt: 1, updatedAt: 1, state: 'idle' }),
          () => store.appendMessage('s1', message('m2')),
          () => store.saveQueueOrder(['a']),
          () => store.deleteSession('s1'),
        ]) {
          expect(write).toThrow(expect.objectContaining({ name: 'StoreError', code: 'read_only' }));
        }
      } finally {
        store.close();
      }
    });
  });

  it('a read-only connection on a file that needs migrating: read_only, untouched', () => {
    const file = tmp.file();
    openSqliteStore(file, { migrateTo: 1 }).close();
    expectUntouched(file, () => expect(openError(file, { readOnly: true }).code).toBe('read_only'));
  });

  // Root ignores file permissions, so as root the three cases run in a child process as
  // `nobody` (root hands it the directory and file first); as anyone else they run here.
  // Exactly one of the two sets is defined: nothing is skipped.
  const asNobody = (...paths: string[]) => {
    for (const p of paths) fs.chownSync(p, NOBODY, NOBODY);
  };
  const openAs = (file: string) => (isRoot ? openAsNobody(file) : openError(file));
  if (isRoot) {
    it('sanity: nobody can open a store in a writable directory', () => {
      asNobody(tmp.dir);
      expect(openAsNobody(tmp.file())).toEqual({ ok: true });
    });
  }
  it('a 0444 file: read_only, untouched', () => {
    const file = seeded();
    if (isRoot) asNobody(tmp.dir, file);
    fs.chmodSync(file, 0o444);
    expectUntouched(file, () => expect(openAs(file).code).toBe('read_only'));
  });
  it('a new file in a 0555 directory: read_only, nothing created', () => {
    if (isRoot) asNobody(tmp.dir);
    fs.chmodSync(tmp.dir, 0o555);
    const result = openAs(tmp.file());
    expect(result.code).toBe('read_only');
    expect(listing(tmp.dir)).toEqual([]);
  });
  it('an existing file in a 0555 directory (no room for its -wal file): read_only, untouched', () => {
    const file = seeded();
    if (isRoot) asNobody(tmp.dir, file);
    fs.chmodSync(tmp.dir, 0o555);
    expectUntouched(file, () => expect(openAs(file).code).toBe('read_only'));
  });
});

describe('migration', () => {
  it('a file created at schema v1 is migrated to the current version with its data kept', () => {
    const file = tmp.file();
    const v1 = openSqliteStore(file, { migrateTo: 1 });
    v1.upsertSession({ id: 's1', name: 'old', createdAt: 1, updatedAt: 1, state: 'suspended' });
    v1.appendMessages('s1', [message('m1'), message('m2')]);
    v1.savePending('s1', [{ id: 'p', text: 't', acceptedAt: 1 }]);
    v1.close();
    const indexes = () => {
      const db = new Database(file);
      try {
        const version = pragma(db, 'user_version');
        const names = (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND name NOT LIKE 'sqlite_%' ORDER BY name").raw().all() as [string][]).map((r) => r[0]);
        expect(pragma(db, 'application_id')).toBe(APPLICATION_ID);
        return { version, names };
      } finally {
        db.close();
      }
    };
    expect(indexes()).toEqual({ version: 1, names: [] });

    const store = openSqliteStore(file);
    open.push(store);
    expect(indexes()).toEqual({ version: SCHEMA_VERSION, names: ['messages_by_session', 'sessions_by_created'] });
    expect(store.loadSession('s1')).toEqual({
      session: { id: 's1', name: 'old', createdAt: 1, updatedAt: 1, state: 'suspended' },
      messages: [message('m1'), message('m2')],
      pending: [{ id: 'p', text: 't', acceptedAt: 1 }],
      turn: null,
    });
  });

  it('a file at the previous schema (v2) gains the settings table (v3), its sessions kept', () => {
    const file = tmp.file();
    const v2 = openSqliteStore(file, { migrateTo: 2 });
    v2.upsertSession({ id: 's1', name: 'kept', createdAt: 1, updatedAt: 1, state: 'queued' });
    v2.appendMessage('s1', message('m1'));
    expect(() => v2.writeSetting('run', { tokens: '24' })).toThrow(StoreError);
    v2.close();
    // A read-only look at it cannot upgrade it: it says so and changes nothing.
    expect(() => openSqliteStore(file, { readOnly: true })).toThrow(expect.objectContaining({ code: 'read_only' }));
    const v3 = openSqliteStore(file);
    open.push(v3);
    expect(v3.loadSession('s1')).toMatchObject({ session: { name: 'kept', state: 'queued' }, messages: [message('m1')] });
    expect(v3.readSetting('run')).toBeUndefined();
    v3.writeSetting('run', { tokens: '24', provider: 'simulated' });
    v3.writeSetting('run', { tokens: '32' });
    expect(v3.readSetting('run')).toEqual({ tokens: '32' });
  });

  it('migrateTo outside 1..SCHEMA_VERSION is refused', () => {
    expect(() => openSqliteStore(tmp.file(), { migrateTo: SCHEMA_VERSION + 1 })).toThrow(RangeError);
  });
});
