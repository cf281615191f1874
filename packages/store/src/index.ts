export type { LoadedSession, LoadedStore, SessionChange, SessionRecord, SessionStore, StoreBatch } from './types.js';
export { StoreError, isStoreError, type StoreErrorCode } from './StoreError.js';
export {
  openSqliteStore,
  APPLICATION_ID,
  MIGRATIONS,
  SCHEMA_VERSION,
  type Migration,
  type OpenSqliteStoreOptions,
} from './openSqliteStore.js';
