/** Written to the header (`PRAGMA application_id`) so we can tell our files from other SQLite files: "SwBd". */
export const APPLICATION_ID = 0x53774264;

export interface Migration {
  /** The schema version this migration produces (1, 2, …, in order). */
  readonly version: number;
  readonly sql: string;
}

/** Schema migrations, in order. Never edit a released one; append a new one. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE sessions (
        id TEXT PRIMARY KEY NOT NULL,
        name TEXT NOT NULL,
        created_at REAL NOT NULL,
        updated_at REAL NOT NULL,
        state TEXT NOT NULL,
        pending TEXT NOT NULL DEFAULT '[]',
        turn TEXT
      ) STRICT;
      CREATE TABLE messages (
        seq INTEGER PRIMARY KEY,
        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        id TEXT NOT NULL,
        data TEXT NOT NULL,
        UNIQUE (session_id, id)
      ) STRICT;
      CREATE TABLE queue_order (
        position INTEGER PRIMARY KEY,
        turn_id TEXT NOT NULL
      ) STRICT;
      -- The advisory lock: the process that has the store open (one row at most).
      CREATE TABLE owner (
        singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
        pid INTEGER NOT NULL,
        host TEXT NOT NULL,
        token TEXT NOT NULL,
        since REAL NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 2,
    // Loading a transcript reads a session's messages in append order: index that.
    sql: `
      CREATE INDEX messages_by_session ON messages (session_id, seq);
      CREATE INDEX sessions_by_created ON sessions (created_at, id);
    `,
  },
  {
    version: 3,
    // What the application wants to find again with the sessions (e.g. the settings a run
    // used, so that resuming it needs no flags). JSON values; never a secret.
    sql: `
      CREATE TABLE settings (
        key TEXT PRIMARY KEY NOT NULL,
        value TEXT NOT NULL
      ) STRICT;
    `,
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
