import type { InspectionEvent } from 'xstate';

type Inspect = (event: InspectionEvent) => void;

/**
 * One `inspect` function that hands every raw event to each of several, in order; a
 * receiver that throws does not stop the others, nor the actors. Use it to watch a
 * switchboard in our inspector and, when online, in Stately's at the same time.
 *
 * @example
 * ```ts
 * import { createSkyInspector } from '@statelyai/inspect'; // online only: your own dependency
 * const inspector = await startInspector();
 * const stately = createSkyInspector();
 * const board = createSwitchboard({ provider, inspect: composeInspectors(inspector.inspect, stately.inspect) });
 * ```
 */
export function composeInspectors(...inspectors: ReadonlyArray<Inspect | { readonly inspect: Inspect } | undefined>): Inspect {
  const receivers = inspectors
    .filter((i): i is Inspect | { readonly inspect: Inspect } => i !== undefined)
    .map((i) => (typeof i === 'function' ? i : (event: InspectionEvent) => i.inspect(event)));
  return (event) => {
    for (const receive of receivers) {
      try {
        receive(event);
      } catch {
        // One broken receiver must not blind the others.
      }
    }
  };
}
