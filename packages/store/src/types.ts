// The store interface belongs to core, so the switchboard can write through it without
// knowing the database; this package implements it on SQLite.
export type { LoadedSession, LoadedStore, SessionChange, SessionRecord, SessionStore, StoreBatch } from '@switchboard/core';
