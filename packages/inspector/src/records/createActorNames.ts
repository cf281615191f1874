/** What the adapter reads from an actor ref to name it (all of it is public on XState v5 actors). */
export interface NamedActor {
  readonly id: string;
  readonly _parent?: NamedActor | undefined;
  readonly logic?: { readonly id?: unknown; readonly root?: unknown } | undefined;
}

/** Names actors the way people know them. */
export interface ActorNames {
  /** `scheduler`, a session's id, `<session>/<child id>` for children (a session's stream: `research/stream`). */
  nameOf(ref: object): string;
  parentOf(ref: object): string | null;
  /** The machine's id, or null for logic that is not a state machine. */
  machineOf(ref: object): string | null;
}

const machineIdOf = (ref: NamedActor): string | null => {
  const logic = ref.logic;
  // A state machine has a root state node; callback and promise logic do not.
  return logic && logic.root !== undefined && typeof logic.id === 'string' ? logic.id : null;
};

/**
 * Names actors for inspection records. Root actors are named by their id (a session's id
 * is its actor's id); a root actor whose id XState generated (`x:0`) is named by its
 * machine instead, which is how the scheduler becomes `scheduler`. Children are named
 * under their parent. Names are cached per actor, so an actor keeps its name for life.
 *
 * @example
 * ```ts
 * const names = createActorNames();
 * names.nameOf(board.actors.scheduler); // 'scheduler'
 * names.nameOf(board.actors.session('research')); // 'research'
 * ```
 */
export function createActorNames(): ActorNames {
  const names = new WeakMap<object, string>();

  const nameOf = (ref: object): string => {
    const known = names.get(ref);
    if (known !== undefined) return known;
    const actor = ref as NamedActor;
    const parent = actor._parent;
    let name: string;
    if (parent) name = `${nameOf(parent)}/${actor.id}`;
    else if (/^x:\d+$/.test(actor.id)) name = machineIdOf(actor) ?? actor.id;
    else name = actor.id;
    names.set(ref, name);
    return name;
  };

  return {
    nameOf,
    parentOf: (ref) => {
      const parent = (ref as NamedActor)._parent;
      return parent ? nameOf(parent) : null;
    },
    machineOf: (ref) => machineIdOf(ref as NamedActor),
  };
}
