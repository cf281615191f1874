export * from './SystemView.js';
export * from './checkInvariants.js';
export * from './invariants/slotsRespected.js';
export * from './invariants/noPriorityInversion.js';
export * from './invariants/singleOutcome.js';
export * from './invariants/answersIntact.js';
export * from './invariants/capacityRespected.js';
export * from './invariants/noStarvation.js';
