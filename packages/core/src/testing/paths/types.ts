import type { EventObject, Snapshot } from 'xstate';
import type { StatePath } from 'xstate/graph';
import type { MachineGraph } from '../../diagram/machineGraph.js';

/** A state-changing transition as `machineGraph` lists it: the unit of transition coverage. */
export type GraphEdge = MachineGraph['edges'][number];

/**
 * An abstract test path: `steps[0]` is the initial snapshot (event `xstate.init`), and every
 * later step is an event with the snapshot it leads to, exactly as `xstate/graph` returns them.
 */
export interface ModelPath<TSnapshot extends Snapshot<unknown> = Snapshot<unknown>, TEvent extends EventObject = EventObject>
  extends StatePath<TSnapshot, TEvent> {
  /** `idle —SEND→ queued —GRANT→ streaming`: what a failing test prints. */
  readonly description: string;
  /** Which generator produced it, so a report can say how coverage was reached. */
  readonly via: PathOrigin;
}

/**
 * - `createTestModel`: xstate's test model (shortest paths, prefixes deduplicated);
 * - `getShortestPaths`: the same traversal for logic `createTestModel` refuses;
 * - `extension`: a shortest path plus one event, added for a transition still missing;
 * - `scenario`: an event list given by hand, stepped through the machine.
 */
export type PathOrigin = 'createTestModel' | 'getShortestPaths' | 'extension' | 'scenario';

/** How much of a machine's graph a set of paths exercises. */
export interface PathCoverage {
  readonly states: { readonly covered: number; readonly total: number; readonly missing: readonly string[] };
  readonly transitions: { readonly covered: number; readonly total: number; readonly missing: readonly GraphEdge[] };
}
