import { checkInvariants } from '../checkInvariants.js';
import type { Violation } from '../SystemView.js';
import { SystemModel, type ModelAction, type ModelBounds } from './SystemModel.js';

export interface ExploreResult {
  readonly bounds: Omit<ModelBounds, 'policy' | 'createCore'>;
  readonly states: number;
  readonly transitions: number;
  readonly depth: number;
  readonly ms: number;
  /** The first violation found, with the shortest sequence of actions that leads to it. */
  readonly violation: (Violation & { readonly trace: readonly string[] }) | null;
}

const label = (a: ModelAction): string =>
  a.kind === 'tick' ? 'tick' : a.kind === 'switch' ? `switch ${a.session === null ? 'none' : `s${a.session}`}` : `${a.kind} s${a.session}`;

/**
 * Explores every reachable state of the composed system within `bounds`, breadth first, and
 * checks the invariants in each. Breadth first means the first violation found has the
 * shortest possible trace.
 *
 * @example
 * ```ts
 * const result = exploreSystem({ sessions: 3, slots: 1, messagesPerSession: 2, tokens: 2, maxRetries: 1,
 *   capacity: 4, ticks: 1, agingMs: 1000, policy: createPriorityPolicy({ agingMs: 1000 }) });
 * console.log(result.states, result.transitions, result.violation);
 * ```
 */
export function exploreSystem(bounds: ModelBounds, options: { maxStates?: number } = {}): ExploreResult {
  const started = performance.now();
  const maxStates = options.maxStates ?? 5_000_000;
  const initial = SystemModel.initial(bounds);
  const parents = new Map<string, { parent: string | null; action: string | null }>();
  const rootKey = initial.key();
  parents.set(rootKey, { parent: null, action: null });
  let frontier: Array<[string, SystemModel]> = [[rootKey, initial]];
  let transitions = 0;
  let depth = 0;
  const { policy: _policy, createCore: _createCore, ...shown } = bounds;

  const traceTo = (key: string, last: string): string[] => {
    const trace = [last];
    for (let at = parents.get(key); at && at.action !== null; at = parents.get(at.parent!)) trace.push(at.action);
    return trace.reverse();
  };
  const result = (violation: ExploreResult['violation']): ExploreResult => ({
    bounds: shown,
    states: parents.size,
    transitions,
    depth,
    ms: Math.round(performance.now() - started),
    violation,
  });

  while (frontier.length > 0) {
    const next: Array<[string, SystemModel]> = [];
    depth++;
    for (const [key, model] of frontier) {
      for (const action of model.actions()) {
        const child = model.fork();
        const atGrant = child.apply(action);
        transitions++;
        const broken = atGrant[0] ?? checkInvariants(child.view())[0] ?? child.progress() ?? (child.quiet ? checkInvariants(child.view(true))[0] : undefined);
        if (broken) return result({ ...broken, trace: traceTo(key, label(action)) });
        const childKey = child.key();
        if (parents.has(childKey)) continue;
        parents.set(childKey, { parent: key, action: label(action) });
        if (parents.size > maxStates) throw new Error(`more than ${maxStates} states: tighten the bounds`);
        next.push([childKey, child]);
      }
    }
    frontier = next;
  }
  return result(null);
}
