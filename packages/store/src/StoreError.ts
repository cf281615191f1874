export type StoreErrorCode =
  /** The file is not a Switchboard database, or is damaged. */
  | 'corrupt'
  /** Another process holds the database. */
  | 'locked'
  /** The file or its directory cannot be written. */
  | 'read_only'
  /** Written by a newer Switchboard whose schema this build does not know. */
  | 'newer_schema'
  /** The session named does not exist. */
  | 'not_found'
  /** The store was closed. */
  | 'closed'
  /** Any other failure of the database or the file system. */
  | 'io';

/** A store failure with a stable `code` and a message that says what to do. */
export class StoreError extends Error {
  override readonly name = 'StoreError';
  readonly code: StoreErrorCode;
  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

export function isStoreError(value: unknown, code?: StoreErrorCode): value is StoreError {
  return value instanceof StoreError && (code === undefined || value.code === code);
}
