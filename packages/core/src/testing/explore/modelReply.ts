import type { ChatMessage } from '../../provider/types.js';

/** FNV-1a over the conversation: the model's replies depend on nothing else. */
function hashConversation(messages: readonly ChatMessage[]): string {
  let h = 0x811c9dc5;
  for (const m of messages) {
    const text = `${m.role}:${m.content}\u0000`;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  }
  return (h >>> 0).toString(36);
}

/**
 * The reply the exhaustive checker's provider gives: `tokens` distinct words that depend
 * only on the conversation, so every answer can be compared with the uninterrupted one.
 *
 * @example
 * ```ts
 * modelReply([{ role: 'user', content: 'hi' }], 3); // ['w1a2b3.0 ', 'w1a2b3.1 ', 'w1a2b3.2 ']
 * ```
 */
export function modelReply(messages: readonly ChatMessage[], tokens: number): string[] {
  const base = hashConversation(messages);
  return Array.from({ length: tokens }, (_, i) => `w${base}.${i} `);
}
