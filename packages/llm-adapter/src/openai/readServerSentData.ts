/**
 * The `data` payloads of a server-sent event stream, one per event, parsed straight from
 * the body's bytes. Lighter than a general SSE client: no event names, ids or retry
 * fields, which chat-completion streams do not use.
 *
 * @example
 * ```ts
 * for await (const data of readServerSentData(response.body!)) if (data !== '[DONE]') handle(JSON.parse(data));
 * ```
 */
export async function* readServerSentData(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let pending = '';
  let data: string | null = null;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      pending += decoder.decode(value, { stream: true });
      let start = 0;
      for (let newline = pending.indexOf('\n', start); newline !== -1; newline = pending.indexOf('\n', start)) {
        let end = newline;
        if (end > start && pending.charCodeAt(end - 1) === 13) end--;
        if (end === start) {
          // A blank line ends an event.
          if (data !== null) yield data;
          data = null;
        } else if (pending.startsWith('data:', start)) {
          const valueStart = pending.charCodeAt(start + 5) === 32 ? start + 6 : start + 5;
          const line = pending.slice(valueStart, end);
          data = data === null ? line : `${data}\n${line}`;
        }
        start = newline + 1;
      }
      pending = pending.slice(start);
    }
    if (data !== null) yield data;
  } finally {
    // Leaving early (an abort, a break) must close the connection, not leave it draining.
    await reader.cancel().catch(() => {});
  }
}
