export { startMockServer } from './startMockServer.js';
export type { ContinuationStyle, FaultStep, MockServer, MockServerOptions, RecordedRequest } from './types.js';
export { parseFaultScript, validateFaultStep } from './faultScript.js';
export { detectContinuation, instructOverlap, messageText } from './continuation.js';
export type { Continuation } from './continuation.js';
export { INSTRUCT_PROMPT } from '@switchboard/llm-adapter';
