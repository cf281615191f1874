/**
 * `pnpm verify`: the exhaustive check of the composed system at the larger bounds, then the
 * property-based runs at full count (100,000 unless SWITCHBOARD_PROPERTY_RUNS says otherwise).
 * Prints what was explored; exits 1 on the first broken invariant, with its counterexample.
 */
import { exploreSystem, formatExploreResult } from '@switchboard/core/testing';
import { VERIFY_BOUNDS } from './exhaustive/bounds.js';
import { runSwitchboardProperty } from './property/runProperty.js';

let failed = false;
let states = 0;
let transitions = 0;
for (const bounds of VERIFY_BOUNDS) {
  const result = exploreSystem(bounds);
  console.log(formatExploreResult(result));
  states += result.states;
  transitions += result.transitions;
  failed ||= result.violation !== null;
}
console.log(`exhaustive check: ${states.toLocaleString('en-US')} states and ${transitions.toLocaleString('en-US')} transitions explored`);

const numRuns = Number(process.env.SWITCHBOARD_PROPERTY_RUNS ?? 100_000);
const started = performance.now();
const property = await runSwitchboardProperty({ numRuns });
console.log(`property runs: ${property.runs.toLocaleString('en-US')} of ${numRuns.toLocaleString('en-US')} in ${((performance.now() - started) / 1000).toFixed(0)} s — ${property.failed ? 'FAILED' : 'all invariants hold'}`);
if (property.failed) console.log(property.counterexample);
failed ||= property.failed;
process.exit(failed ? 1 : 0);
