import { describe, expect, it } from 'vitest';
import { readServerSentData } from '../src/openai/readServerSentData.js';
import { redactSecret } from '../src/openai/redactSecret.js';

const body = (...parts: string[]) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (const p of parts) controller.enqueue(new TextEncoder().encode(p));
      controller.close();
    },
  });

const collect = async (stream: ReadableStream<Uint8Array>) => {
  const out: string[] = [];
  for await (const data of readServerSentData(stream)) out.push(data);
  return out;
};

describe('readServerSentData', () => {
  it('yields each event’s data however the bytes are split', async () => {
    const text = 'data: {"a":1}\n\ndata: {"b":2}\r\n\r\n: comment\n\ndata:[DONE]\n\n';
    for (let cut = 0; cut <= text.length; cut++) {
      expect(await collect(body(text.slice(0, cut), text.slice(cut)))).toEqual(['{"a":1}', '{"b":2}', '[DONE]']);
    }
  });

  it('joins multi-line data and decodes characters split across reads', async () => {
    const bytes = new TextEncoder().encode('data: héllo\ndata: wörld\n\n');
    const parts = [bytes.slice(0, 8), bytes.slice(8)];
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (const p of parts) c.enqueue(p);
        c.close();
      },
    });
    expect(await collect(stream)).toEqual(['héllo\nwörld']);
  });

  it('yields a last event that is not followed by a blank line', async () => {
    expect(await collect(body('data: x\n'))).toEqual(['x']);
  });
});

describe('redactSecret', () => {
  it('removes the key and anything shaped like one', () => {
    expect(redactSecret('bad key my-secret-key-123 here', 'my-secret-key-123')).toBe('bad key [redacted] here');
    expect(redactSecret('Incorrect API key provided: sk-proj-abc***xyz.', undefined)).toBe('Incorrect API key provided: [redacted]');
    expect(redactSecret('nothing to hide', 'sk-123456')).toBe('nothing to hide');
  });
});

describe('displayURL', () => {
  it('drops credentials and query strings from a base URL before it is printed', async () => {
    const { displayURL } = await import('../src/openai/toOpenAIProviderError.js');
    expect(displayURL('http://user:secret@127.0.0.1:8000/v1?key=abc')).toBe('http://127.0.0.1:8000/v1');
    expect(displayURL('not a url')).toBe('(an invalid URL)');
    expect(displayURL('http://host:1/v1#frag')).toBe('http://host:1/v1');
  });
});
