export type { LoadedSession, LoadedStore, SessionChange, SessionRecord, SessionStore, StoreBatch } from './types.js';
export { StoreError, isStoreError, type StoreErrorCode } from './StoreError.js';
export { openSqliteStore, type OpenSqliteStoreOptions } from './openSqliteStore.js';
export { APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION, type Migration } from './migrations.js';
export type { SqliteSessionStore } from './SqliteSessionStore.js';
