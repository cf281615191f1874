// The system as of one record: who exists, in which state, with what context summary.
// Pure (no DOM), so it can be tested in Node and rebuilt from any point for time travel.

/**
 * @typedef {{ name: string, parent: string | null, machine: string | null, state: unknown,
 *   status: string, summary: any, path: string[], lastEvent: string | null }} ActorView
 * @typedef {{ actors: Map<string, ActorView>, applied: number }} SystemView
 */

/** A state value as text: `streaming`, or `parent.child` for nested states. */
export function stateText(value) {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  return Object.entries(value)
    .map(([key, inner]) => {
      const rest = stateText(inner);
      return rest ? `${key}.${rest}` : key;
    })
    .join(', ');
}

/**
 * The keys of the active states, as the diagrams name them in `data-state`: the top-level
 * key and, for nested states, each dotted path down to the leaf.
 * @example activeKeys({ a: 'b' }) // ['a', 'a.b']
 */
export function activeKeys(value, prefix = '') {
  if (value === null || value === undefined) return [];
  if (typeof value === 'string') return [prefix + value];
  return Object.entries(value).flatMap(([key, inner]) => [prefix + key, ...activeKeys(inner, `${prefix}${key}.`)]);
}

/** An empty system, before any record. */
export function createSystemView() {
  return { actors: new Map(), applied: 0 };
}

const actorOf = (view, name) => {
  let actor = view.actors.get(name);
  if (!actor) {
    actor = { name, parent: null, machine: null, state: null, status: 'active', summary: null, path: [], lastEvent: null };
    view.actors.set(name, actor);
  }
  return actor;
};

const enter = (actor, state) => {
  actor.state = state;
  const text = stateText(state);
  if (text && actor.path[actor.path.length - 1] !== text) actor.path.push(text);
};

/** Moves the view one record forward. */
export function applyRecord(view, record) {
  view.applied++;
  const actor = actorOf(view, record.actor);
  switch (record.kind) {
    case 'actor':
      // A name can be reused (each new stream of a session is `<session>/stream`): a new life.
      actor.parent = record.parent;
      actor.machine = record.machine;
      actor.status = 'active';
      actor.state = null;
      actor.summary = null;
      break;
    case 'transition':
      enter(actor, record.to);
      break;
    case 'snapshot':
      if (record.state !== null) enter(actor, record.state);
      actor.status = record.status;
      if (record.summary) actor.summary = record.summary;
      break;
    case 'event':
      actor.lastEvent = record.event.type;
      break;
  }
  return view;
}

/** The system after the records `[0, index]`. */
export function systemAt(records, index) {
  const view = createSystemView();
  for (let i = 0; i <= index && i < records.length; i++) applyRecord(view, records[i]);
  return view;
}

/** How a record shows in the timeline: 'grant', 'interrupt', 'transition', 'event', or null when hidden. */
export function timelineClass(record, showDeltas) {
  if (record.kind === 'transition') return stateText(record.to) === 'suspended' ? 'interrupt' : 'transition';
  if (record.kind !== 'event') return null;
  const type = record.event.type;
  if (type === 'xstate.init') return null;
  if (!showDeltas && type === 'STREAM.DELTA') return null;
  if (type === 'GRANT') return 'grant';
  if (type === 'PREEMPT' || type === 'SUSPENDED') return 'interrupt';
  return 'event';
}
