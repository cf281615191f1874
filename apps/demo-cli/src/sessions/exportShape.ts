import type { LoadedSession, SessionState } from '@switchboard/core';

/**
 * A message of an exported session. `status` is on every answer: `completed`, or
 * `cancelled` / `failed` with the partial text it kept. `at` is an ISO 8601 UTC time.
 */
export interface ExportedMessage {
  readonly id: string;
  readonly role: 'user' | 'assistant';
  readonly content: string;
  readonly at: string;
  readonly status?: 'completed' | 'cancelled' | 'failed';
  /** Only on an answer that ended by calling tools. */
  readonly toolCalls?: ReadonlyArray<{ readonly id: string; readonly name: string; readonly arguments: string }>;
}

/** One session as `switchboard sessions export --format json` writes it (and `show --json` prints it). */
export interface ExportedSession {
  readonly id: string;
  readonly name: string;
  /** The state stored last: a session that was busy when its process ended shows the state it was in. */
  readonly state: SessionState;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** The transcript. With an unfinished answer, its question is the last message. */
  readonly messages: readonly ExportedMessage[];
  /** The answer in progress when the database was last written, or null. */
  readonly unfinished: { readonly messageId: string; readonly partial: string; readonly tokens: number } | null;
  /** Messages accepted but not yet answered, waiting behind the unfinished answer, first first. */
  readonly pending: ReadonlyArray<{ readonly id: string; readonly content: string; readonly at: string }>;
}

/** The whole document of `switchboard sessions export --format json`. */
export interface SessionsExport {
  readonly format: 'switchboard-sessions';
  /** Raised only when a field changes meaning or goes away; new fields may appear within a version. */
  readonly version: 1;
  readonly sessions: readonly ExportedSession[];
}

const iso = (epochMs: number) => new Date(epochMs).toISOString();

/**
 * A stored session in the documented export shape. Fields are picked one by one so that
 * what the store adds internally never leaks into a format scripts rely on.
 *
 * @example
 * ```ts
 * const exported = exportSession(store.loadSession('research')!);
 * exported.messages.at(-1)?.content;
 * ```
 */
export function exportSession(loaded: LoadedSession): ExportedSession {
  const { session, turn } = loaded;
  return {
    id: session.id,
    name: session.name,
    state: session.state,
    createdAt: iso(session.createdAt),
    updatedAt: iso(session.updatedAt),
    messages: loaded.messages.map((m): ExportedMessage => {
      const base = { id: m.id, role: m.role, content: m.content, at: iso(m.at) };
      if (m.role === 'user') return base;
      const toolCalls = m.toolCalls?.map(({ id, name, arguments: args }) => ({ id, name, arguments: args }));
      return { ...base, status: m.status ?? 'completed', ...(toolCalls?.length ? { toolCalls } : {}) };
    }),
    unfinished: turn === null ? null : { messageId: turn.id, partial: turn.partial, tokens: turn.tokens },
    pending: loaded.pending.map((p) => ({ id: p.id, content: p.text, at: iso(p.acceptedAt) })),
  };
}

/**
 * The export document for some stored sessions.
 *
 * @example
 * ```ts
 * writeFileSync('all.json', JSON.stringify(buildSessionsExport(store.loadAll().sessions), null, 2));
 * ```
 */
export function buildSessionsExport(sessions: readonly LoadedSession[]): SessionsExport {
  return { format: 'switchboard-sessions', version: 1, sessions: sessions.map(exportSession) };
}
