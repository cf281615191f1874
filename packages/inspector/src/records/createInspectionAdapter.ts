import type { InspectionEvent } from 'xstate';
import { createActorNames } from './createActorNames.js';
import { createSanitizer, type SanitizeOptions } from './createSanitizer.js';
import type { ActorSummary, InspectionRecord, SnapshotRecord, StateValueJson } from './InspectionRecord.js';
import { isSchedulerContext, summarizeScheduler } from './summarizeScheduler.js';
import { isSessionContext, summarizeSession } from './summarizeSession.js';

/** Receives each record, and the same record serialised (secrets redacted once more): write `json` as it is. */
export type RecordSink = (record: InspectionRecord, json: string) => void;

export interface InspectionAdapterOptions extends SanitizeOptions {
  /**
   * The time stamped on records. Default: the `at` that every Switchboard event carries
   * (the switchboard's own clock, virtual in tests), and for events without one the last
   * time seen. Pass `Date.now` for machines whose events carry no time.
   */
  readonly now?: () => number;
  /** Told when an event could not be turned into a record (it is skipped). Default: ignore. */
  readonly onError?: (error: unknown) => void;
}

type Snapshotish = { value?: unknown; status?: string; context?: unknown };

const STATUSES = new Set(['active', 'done', 'error', 'stopped']);

/**
 * Turns XState v5 inspection events into {@link InspectionRecord}s: give the result to
 * `createSwitchboard({ inspect })` (or to any `createActor(machine, { inspect })`).
 *
 * - `@xstate.actor` → an `actor` record (name, parent, machine);
 * - `@xstate.event` → an `event` record: who sent what to whom, with the payload sanitised
 *   (texts cut to `maxTextChars`, secrets redacted, credentials and providers dropped,
 *   actor refs replaced by their names);
 * - `@xstate.microstep` → a `transition` record when the state changed;
 * - `@xstate.snapshot` → a `snapshot` record: the state after, and a summary of the context
 *   (a session's partial answer and counters; the scheduler's queue and slots; any other
 *   machine's context, sanitised).
 *
 * It never throws into the actors it watches: a value it cannot read is skipped.
 *
 * @example
 * ```ts
 * const records: InspectionRecord[] = [];
 * const inspect = createInspectionAdapter((record) => records.push(record), { maxTextChars: 80, secrets: [apiKey] });
 * const board = createSwitchboard({ provider, inspect });
 * ```
 */
export function createInspectionAdapter(
  sinks: RecordSink | readonly RecordSink[],
  options: InspectionAdapterOptions = {},
): (event: InspectionEvent) => void {
  const targets = typeof sinks === 'function' ? [sinks] : [...sinks];
  const names = createActorNames();
  const clean = createSanitizer(options, names.nameOf);
  const lastState = new WeakMap<object, string>();
  let seq = 0;
  let lastAt = options.now ? options.now() : 0;

  const timeOf = (event: unknown): number => {
    if (options.now) return (lastAt = options.now());
    const at = (event as { at?: unknown } | undefined)?.at;
    if (typeof at === 'number' && Number.isFinite(at)) lastAt = at;
    return lastAt;
  };

  type Unsequenced = InspectionRecord extends infer R ? (R extends InspectionRecord ? Omit<R, 'seq'> : never) : never;
  const emit = (record: Unsequenced) => {
    const full = { seq: ++seq, ...record } as InspectionRecord;
    const json = clean.json(JSON.stringify(full));
    for (const sink of targets) sink(full, json);
  };

  const stateOf = (snapshot: Snapshotish): StateValueJson | null =>
    snapshot.value === undefined ? null : (clean.value(snapshot.value) as StateValueJson);

  const summaryOf = (context: unknown, at: number): ActorSummary | undefined => {
    if (context === undefined) return undefined;
    if (isSessionContext(context)) return summarizeSession(context, clean);
    if (isSchedulerContext(context)) return summarizeScheduler(context.core, at, clean);
    return { kind: 'context', context: clean.value(context) };
  };

  const handle = (event: InspectionEvent) => {
    const ref = event.actorRef as object;
    switch (event.type) {
      case '@xstate.actor':
        return emit({ kind: 'actor', at: lastAt, actor: names.nameOf(ref), parent: names.parentOf(ref), machine: names.machineOf(ref) });
      case '@xstate.event': {
        const payload = clean.value(event.event) as Record<string, unknown>;
        return emit({
          kind: 'event',
          at: timeOf(event.event),
          actor: names.nameOf(ref),
          source: event.sourceRef ? names.nameOf(event.sourceRef as object) : null,
          event: { ...payload, type: clean.text(String(event.event.type)) } as never,
        });
      }
      case '@xstate.microstep': {
        const snapshot = event.snapshot as Snapshotish;
        const to = stateOf(snapshot);
        if (to === null) return;
        const key = JSON.stringify(to);
        const before = lastState.get(ref);
        lastState.set(ref, key);
        if (before === key) return;
        return emit({
          kind: 'transition',
          at: timeOf(event.event),
          actor: names.nameOf(ref),
          from: before === undefined ? null : (JSON.parse(before) as StateValueJson),
          to,
          event: clean.text(String(event.event.type)),
        });
      }
      case '@xstate.snapshot': {
        const snapshot = event.snapshot as Snapshotish;
        const at = timeOf(event.event);
        const state = stateOf(snapshot);
        if (state !== null) lastState.set(ref, JSON.stringify(state));
        const summary = summaryOf(snapshot.context, at);
        const status = STATUSES.has(snapshot.status ?? '') ? (snapshot.status as SnapshotRecord['status']) : 'active';
        return emit({
          kind: 'snapshot',
          at,
          actor: names.nameOf(ref),
          event: clean.text(String(event.event.type)),
          status,
          state,
          ...(summary ? { summary } : {}),
        });
      }
      default:
        return; // actions and whole transitions: the records above already tell the story
    }
  };

  return (event) => {
    try {
      handle(event);
    } catch (error) {
      // Inspection must never break the system it watches.
      options.onError?.(error);
    }
  };
}
