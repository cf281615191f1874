/**
 * `pnpm verify`: the exhaustive check of the composed system at the larger bounds, then the
 * property-based runs at full count (100,000 unless SWITCHBOARD_PROPERTY_RUNS says otherwise), then a hundredth as
 * many crash-and-restore runs (a crash after a random store write, a new switchboard on what it held).
 * Prints what was explored; exits 1 on the first broken invariant, with its counterexample.
 */
import { exploreSystem, formatExploreResult } from '@switchboard/core/testing';
import { VERIFY_BOUNDS } from './exhaustive/bounds.js';
import { runCrashProperty } from './property/runCrashProperty.js';
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

// Each case restores after every write it made (tens of restores), so a hundredth as many cases.
const crashRuns = Math.max(1, Math.round(numRuns / 100));
const crashStarted = performance.now();
const crash = await runCrashProperty({ numRuns: crashRuns });
console.log(`crash-and-restore runs: ${crash.runs.toLocaleString('en-US')} of ${crashRuns.toLocaleString('en-US')} in ${((performance.now() - crashStarted) / 1000).toFixed(0)} s — ${crash.failed ? 'FAILED' : 'nothing accepted was lost'}`);
if (crash.failed) console.log(crash.counterexample);
failed ||= crash.failed;
process.exit(failed ? 1 : 0);
