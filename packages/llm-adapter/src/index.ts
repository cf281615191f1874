export { simulatedReply, continuationTokens } from './simulated/replyText.js';
export type { SimulatedReplyOptions } from './simulated/replyText.js';
export { createSimulatedProvider } from './simulated/createSimulatedProvider.js';
export type {
  SimulatedProviderOptions,
  SimulatedAttempt,
  SimulatedFault,
} from './simulated/createSimulatedProvider.js';
export type { Provider, StreamRequest, StreamEvent, ChatMessage, FinishReason, Usage } from '@switchboard/core';
export { ProviderError, toProviderError } from '@switchboard/core';
export type { ProviderErrorKind } from '@switchboard/core';
export * from './continuation/instructPrompt.js';
export * from './continuation/types.js';
export * from './continuation/continuationMessages.js';
export * from './continuation/SeamFilter.js';
export * from './openai/createOpenAIProvider.js';
export * from './openai/redactSecret.js';
export * from './openai/readServerSentData.js';
export { displayURL } from './openai/toOpenAIProviderError.js';
