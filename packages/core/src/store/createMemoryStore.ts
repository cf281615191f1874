import { SwitchboardError } from '../errors/SwitchboardError.js';
import type { PendingMessage, TranscriptMessage, Turn } from '../session/types.js';
import type { LoadedSession, LoadedStore, SessionRecord, SessionStore, StoreBatch } from './types.js';

interface Row {
  session: SessionRecord;
  messages: TranscriptMessage[];
  ids: Set<string>;
  pending: readonly PendingMessage[];
  turn: Turn | null;
}

/** A store that keeps its rows in memory, with `copy()` to freeze what a crash would leave behind. */
export interface MemoryStore extends SessionStore {
  /** An independent store holding exactly what this one holds now: "the disk" at the moment of a crash. */
  copy(): MemoryStore;
  /** Transactions committed so far. */
  readonly commits: number;
}

/**
 * A {@link SessionStore} in memory, with the SQLite store's semantics (each call all or
 * nothing, idempotent appends, insertion order). For tests and for embedders that persist
 * elsewhere: `copy()` at any moment and hand the copy to a new switchboard to simulate a
 * crash and a restart.
 *
 * @example
 * ```ts
 * const store = createMemoryStore();
 * const board = createSwitchboard({ provider, store });
 * board.send(board.createSession({ id: 'a' }), 'Hello');
 * const afterCrash = createSwitchboard({ provider, store: store.copy() }); // resumes 'a'
 * ```
 */
export function createMemoryStore(): MemoryStore {
  return memoryStoreOf(new Map(), []);
}

function memoryStoreOf(initialRows: Map<string, Row>, initialQueue: string[]): MemoryStore {
  let rows = initialRows;
  let queueOrder = initialQueue;
  let commits = 0;
  let open = true;

  const ensureOpen = () => {
    if (!open) throw new SwitchboardError('stopped', 'This memory store was closed.');
  };
  const rowOf = (id: string, next: Map<string, Row>) => {
    const row = next.get(id);
    if (!row) throw new SwitchboardError('unknown_session', `No session "${id}" in the store: write its record first.`);
    return row;
  };
  const cloneRow = (row: Row): Row => ({ ...row, messages: [...row.messages], ids: new Set(row.ids) });

  /** Applies `change` to a copy of the rows it touches and swaps them in only if it all worked. */
  const transact = <T>(change: (next: Map<string, Row>, touch: (id: string) => Row) => T): T => {
    ensureOpen();
    const next = new Map(rows);
    const touched = new Set<string>();
    const touch = (id: string) => {
      const row = rowOf(id, next);
      if (touched.has(id)) return row;
      touched.add(id);
      const copy = cloneRow(row);
      next.set(id, copy);
      return copy;
    };
    const result = change(next, touch);
    rows = next;
    commits++;
    return result;
  };

  const append = (row: Row, list: readonly TranscriptMessage[]) => {
    let added = 0;
    for (const m of list) {
      if (row.ids.has(m.id)) continue;
      row.ids.add(m.id);
      row.messages.push(structuredClone(m));
      added++;
    }
    return added;
  };

  const upsert = (next: Map<string, Row>, record: SessionRecord) => {
    const row = next.get(record.id);
    next.set(record.id, row ? { ...cloneRow(row), session: { ...record } } : { session: { ...record }, messages: [], ids: new Set(), pending: [], turn: null });
  };

  const loaded = (row: Row): LoadedSession => structuredClone({ session: row.session, messages: row.messages, pending: row.pending, turn: row.turn });

  const store: MemoryStore = {
    commit(batch: StoreBatch) {
      transact((next, touch) => {
        for (const change of batch.sessions ?? []) {
          if (change.record) upsert(next, change.record);
          const row = touch(change.sessionId);
          if (change.messages) append(row, change.messages);
          if (change.pending) row.pending = structuredClone(change.pending);
          if (change.turn !== undefined) row.turn = structuredClone(change.turn);
        }
        for (const id of batch.deleted ?? []) next.delete(id);
        if (batch.queueOrder) queueOrder = [...batch.queueOrder];
      });
    },
    upsertSession: (record) => transact((next) => upsert(next, record)),
    appendMessage: (sessionId, message) => transact((_, touch) => append(touch(sessionId), [message]) === 1),
    appendMessages: (sessionId, list) => transact((_, touch) => append(touch(sessionId), list)),
    savePending: (sessionId, pending) => transact((_, touch) => void (touch(sessionId).pending = structuredClone(pending))),
    saveTurn: (sessionId, turn) => transact((_, touch) => void (touch(sessionId).turn = structuredClone(turn))),
    saveQueueOrder: (turnIds) => transact(() => void (queueOrder = [...turnIds])),
    deleteSession: (id) => transact((next) => next.delete(id)),
    listSessions: () => (ensureOpen(), [...rows.values()].map((r) => ({ ...r.session })).sort(byCreation)),
    loadSession: (id) => (ensureOpen(), rows.has(id) ? loaded(rows.get(id)!) : null),
    loadAll: (): LoadedStore => {
      ensureOpen();
      const sessions = [...rows.values()].sort((a, b) => byCreation(a.session, b.session)).map(loaded);
      return { sessions, queueOrder: [...queueOrder] };
    },
    close: () => void (open = false),
    copy: () => memoryStoreOf(new Map([...rows].map(([id, row]) => [id, cloneRow(row)])), [...queueOrder]),
    get commits() {
      return commits;
    },
  };
  return store;
}

const byCreation = (a: SessionRecord, b: SessionRecord) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
