import { createSwitchboard, createVirtualClock, ProviderError, type Provider } from '@switchboard/core';
import { createSimulatedProvider } from '@switchboard/llm-adapter';
import { createActor, createMachine } from 'xstate';
import { describe, expect, it } from 'vitest';
import { createInspectionAdapter, type InspectionRecord } from '../src/index.js';

const SECRET = 'sk-test-0123456789abcdefSECRET';

/** Every string anywhere in a JSON value. */
const stringsIn = (value: unknown): string[] =>
  typeof value === 'string'
    ? [value]
    : Array.isArray(value)
      ? value.flatMap(stringsIn)
      : typeof value === 'object' && value !== null
        ? Object.values(value).flatMap(stringsIn)
        : [];

/** One slot; `bg` streams in the background, `fg` (foreground) preempts it; fg's first stream fails once with the key in its message. */
async function preemptionRun(options: { maxTextChars?: number; tokens?: number } = {}) {
  const clock = createVirtualClock();
  const simulated = createSimulatedProvider({
    clock,
    tokens: options.tokens ?? 12,
    tokensPerSecond: 100,
    firstTokenMs: 10,
    fault: ({ index }) => (index === 1 ? { afterTokens: 1, error: new ProviderError('network', `connection reset (key ${SECRET})`) } : undefined),
  });
  // A provider that carries its credentials, as a real one does: none of it may reach a record.
  const provider = Object.assign(Object.create(simulated) as Provider, {
    stream: simulated.stream.bind(simulated),
    apiKey: SECRET,
    options: { apiKey: SECRET, headers: { Authorization: `Bearer ${SECRET}` } },
    env: { OPENAI_API_KEY: SECRET },
  });
  const records: InspectionRecord[] = [];
  const lines: string[] = [];
  const inspect = createInspectionAdapter(
    (record, json) => {
      records.push(record);
      lines.push(json);
    },
    { secrets: [SECRET], onError: (error) => expect.fail(String(error)), ...(options.maxTextChars === undefined ? {} : { maxTextChars: options.maxTextChars }) },
  );
  const board = createSwitchboard({ provider, clock, slots: 1, inspect, backoff: { baseMs: 1, jitter: 0 } });
  const bg = board.createSession({ id: 'bg' });
  const fg = board.createSession({ id: 'fg' });
  board.send(bg, `Summarise this; my key is ${SECRET}`);
  await clock.runUntil(() => board.session(bg).turn?.partial !== '');
  board.switchTo(fg);
  board.send(fg, 'x'.repeat(500));
  await clock.runUntil(() => board.isIdle());
  board.stop();
  return { records, lines, board };
}

describe('createInspectionAdapter', () => {
  it('records who sent what to whom, the states, and the scheduler preempting the background stream', async () => {
    const { records } = await preemptionRun();
    const actors = records.filter((r) => r.kind === 'actor');
    expect(actors.map((a) => a.actor)).toEqual(expect.arrayContaining(['scheduler', 'bg', 'fg', 'bg/stream', 'fg/stream']));
    expect(actors.find((a) => a.actor === 'bg/stream')).toMatchObject({ parent: 'bg', machine: null });
    expect(actors.find((a) => a.actor === 'scheduler')).toMatchObject({ parent: null, machine: 'scheduler' });

    const preempt = records.find((r) => r.kind === 'event' && r.event.type === 'PREEMPT');
    expect(preempt).toMatchObject({ source: 'scheduler', actor: 'bg', event: { turnId: 'm1' } });
    const request = records.find((r) => r.kind === 'event' && r.event.type === 'REQUEST' && r.source === 'fg');
    // The actor ref a REQUEST carries becomes its name.
    expect(request).toMatchObject({ actor: 'scheduler', event: { session: { $actor: 'fg' } } });

    const bgStates = records.filter((r) => r.kind === 'transition' && r.actor === 'bg').map((r) => r.kind === 'transition' && r.to);
    expect(bgStates).toEqual(['queued', 'streaming', 'suspended', 'resuming', 'streaming', 'idle']);
    // The preemption's transition comes right after the event that caused it, before fg is granted.
    const suspendedAt = records.findIndex((r) => r.kind === 'transition' && r.actor === 'bg' && r.to === 'suspended');
    const fgGrantAt = records.findIndex((r) => r.kind === 'event' && r.event.type === 'GRANT' && r.actor === 'fg');
    expect(suspendedAt).toBeGreaterThan(records.indexOf(preempt!));
    expect(fgGrantAt).toBeGreaterThan(suspendedAt);

    // After the preemption (one step), fg holds the slot and bg waits in the queue to resume.
    const saturated = records.find((r) => r.kind === 'snapshot' && r.actor === 'scheduler' && r.state === 'saturated');
    expect(saturated?.kind === 'snapshot' && saturated.summary).toMatchObject({
      kind: 'scheduler',
      slots: 1,
      active: 'fg',
      queued: [{ sessionId: 'bg', priorityClass: 'background', resumed: true, ms: 0 }],
      running: [{ sessionId: 'fg', priorityClass: 'foreground', effectivePriority: 1, ms: 0 }],
      queuedTotal: 1,
    });
    const seqs = records.map((r) => r.seq);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
  });

  it('never lets the API key through, wherever it was: provider, options, message text, error message', async () => {
    const { lines, records } = await preemptionRun();
    expect(lines.length).toBeGreaterThan(50);
    for (const line of lines) expect(line).not.toContain(SECRET);
    const all = lines.join('\n');
    expect(all).toContain('my key is [redacted]');
    expect(all).toContain('connection reset (key [redacted])');
    // The fault reached the records (so the check above saw it), as an event with its kind.
    expect(records.some((r) => r.kind === 'event' && r.event.type === 'STREAM.ERROR' && JSON.stringify(r.event).includes('"kind":"network"'))).toBe(true);
  });

  it('cuts every text to maxTextChars, and keeps the real length of a partial answer', async () => {
    const { records, board } = await preemptionRun({ maxTextChars: 20, tokens: 60 });
    for (const text of records.flatMap(stringsIn)) expect(text.length).toBeLessThanOrEqual(21);
    const sent = records.find((r) => r.kind === 'event' && r.event.type === 'SEND' && r.actor === 'fg');
    expect(sent?.kind === 'event' && sent.event['text']).toBe(`${'x'.repeat(20)}…`);
    const partials = records.flatMap((r) => (r.kind === 'snapshot' && r.summary?.kind === 'session' && r.summary.turn ? [r.summary.turn] : []));
    const longest = partials.reduce((a, b) => (b.partialChars > a.partialChars ? b : a));
    const answer = board.session('bg').messages.at(-1)!.content;
    expect(longest.partialChars).toBeGreaterThan(20);
    expect(longest.partial).toBe(`${longest.partial.slice(0, 20)}…`);
    expect(answer.startsWith(longest.partial.slice(0, 20)) || board.session('fg').messages.at(-1)!.content.startsWith(longest.partial.slice(0, 20))).toBe(true);
  });

  it('summarises any other machine by its context, sanitised, and names a root actor by its id', () => {
    const records: InspectionRecord[] = [];
    const machine = createMachine({
      id: 'door',
      initial: 'closed',
      context: { owner: 'ana', headers: { authorization: `Bearer ${SECRET}` }, note: `key=${SECRET}` },
      states: { closed: { on: { OPEN: 'open' } }, open: {} },
    });
    const actor = createActor(machine, { id: 'front', inspect: createInspectionAdapter((r) => records.push(r), { secrets: [SECRET], now: () => 42 }) });
    actor.start();
    actor.send({ type: 'OPEN' });
    const last = records.at(-1)!;
    expect(last).toMatchObject({
      kind: 'snapshot',
      actor: 'front',
      at: 42,
      state: 'open',
      summary: { kind: 'context', context: { owner: 'ana', headers: '[redacted]', note: 'key=[redacted]' } },
    });
    expect(records.find((r) => r.kind === 'transition')).toMatchObject({ from: 'closed', to: 'open', event: 'OPEN' });
  });

  it('does not throw into the actors when a sink fails', () => {
    const errors: unknown[] = [];
    const inspect = createInspectionAdapter(() => {
      throw new Error('disk full');
    }, { onError: (error) => errors.push(error) });
    const actor = createActor(createMachine({ initial: 'a', states: { a: { on: { GO: 'b' } }, b: {} } }), { inspect }).start();
    actor.send({ type: 'GO' });
    expect(actor.getSnapshot().value).toBe('b');
    expect(errors.length).toBeGreaterThan(0);
  });
});
