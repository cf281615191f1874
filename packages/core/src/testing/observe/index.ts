export * from './observeProvider.js';
export * from './readRequests.js';
export * from './messageLedger.js';
export * from './readAnswers.js';
export * from './grantWatcher.js';
export * from './createSystemProbe.js';
