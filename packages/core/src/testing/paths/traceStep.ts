import {
  createActor,
  createMachine,
  type AnyActorLogic,
  type AnyActorScope,
  type AnyStateMachine,
  type AnyTransitionDefinition,
  type EventObject,
  type InspectionEvent,
  type Snapshot,
} from 'xstate';

/** A snapshot that already knows which transitions produced it (see `replayLogic`). */
export interface TracedSnapshot {
  readonly taken: readonly AnyTransitionDefinition[];
}

/**
 * Whether a snapshot records the transitions that produced it.
 *
 * @example
 * ```ts
 * isTraced(replayLogic(options).getInitialSnapshot(scope, undefined)); // true
 * ```
 */
export const isTraced = (snapshot: unknown): snapshot is TracedSnapshot =>
  typeof snapshot === 'object' && snapshot !== null && Array.isArray((snapshot as { taken?: unknown }).taken);

const isMachine = (logic: AnyActorLogic): logic is AnyStateMachine => 'root' in logic && 'getStateNodeById' in logic;

let sink: AnyTransitionDefinition[] | null = null;
let probe: ReturnType<typeof createProbe> | null = null;

/**
 * An actor whose system receives the inspection events of pure transitions run in its scope.
 * XState reports every microstep (eventless ones included) as `@xstate.microstep` with the
 * transitions it took; nothing else says which guarded branch fired.
 */
function createProbe() {
  return createActor(createMachine({}), {
    inspect: (event: InspectionEvent) => {
      if (event.type === '@xstate.microstep') sink?.push(...event._transitions);
    },
  });
}

/** Like `xstate/graph`'s mock scope: actions are not executed, spawned actors never start. */
function traceScope(): AnyActorScope {
  probe ??= createProbe();
  return {
    self: probe,
    id: '',
    sessionId: 'trace',
    logger: () => {},
    defer: () => {},
    emit: () => {},
    system: probe.system,
    stopChild: () => {},
    actionExecutor: () => {},
  } as AnyActorScope;
}

/**
 * Takes one step of `logic` without side effects and says which transitions it took.
 * Machines are stepped purely through a probing scope; any other logic must return
 * {@link TracedSnapshot}s (as `replayLogic` does).
 *
 * @example
 * ```ts
 * const { next, transitions } = traceStep(sessionMachine, snapshot, { type: 'GRANT', turnId: 'm1', at: 0 });
 * edgesOf(transitions); // [{ from: 'queued', to: 'streaming', event: 'GRANT', guard: 'isCurrentTurn' }]
 * ```
 */
export function traceStep<TSnapshot extends Snapshot<unknown>>(
  logic: AnyActorLogic,
  snapshot: TSnapshot,
  event: EventObject,
): { next: TSnapshot; transitions: readonly AnyTransitionDefinition[] } {
  if (!isMachine(logic)) {
    const next = logic.transition(snapshot, event, traceScope()) as TSnapshot;
    return { next, transitions: isTraced(next) ? next.taken : [] };
  }
  const taken: AnyTransitionDefinition[] = [];
  const previous = sink;
  sink = taken;
  try {
    const next = logic.transition(snapshot as never, event, traceScope()) as unknown as TSnapshot;
    return { next, transitions: taken };
  } finally {
    sink = previous;
  }
}
