import { createSwitchboard, createVirtualClock, ProviderError, sleep, type Provider } from '@switchboard/core';
import { createSimulatedProvider } from '@switchboard/llm-adapter';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../src/scenario/parseScenario.js';
import { runScenario } from '../src/scenario/runScenario.js';
import { ScenarioError } from '../src/scenario/ScenarioError.js';
import { virtualTiming } from '../src/scenario/timing.js';
import type { TimelineEntry } from '../src/scenario/watchTransitions.js';
import { describeDetail } from '../src/output/timeline.js';
import { verifyAnswers } from '../src/simulation/verifyAnswers.js';

/** A one-slot board on a virtual clock, with 4-token answers: first token after 100 ms (also on a resume), then one per 100 ms. */
function virtualBoard(provider?: (clock: ReturnType<typeof createVirtualClock>) => Provider, options: { maxRetries?: number } = {}) {
  const clock = createVirtualClock();
  const board = createSwitchboard({
    provider: provider?.(clock) ?? createSimulatedProvider({ clock, tokens: 4, tokensPerSecond: 10, firstTokenMs: 100 }),
    clock,
    slots: 1,
    ...options,
  });
  return { board, timing: virtualTiming(clock) };
}

const line = (e: TimelineEntry) => `${e.at} ${e.session} ${e.from}->${e.to}${e.detail ? ` (${describeDetail(e.detail)})` : ''}`;

describe('runScenario', () => {
  it('preempts, resumes and records exact times and what each transition meant', async () => {
    const { board, timing } = virtualBoard();
    const steps = parseScenario('new bg\nnew fg\nswitch fg\nsend bg Hello\nwait 250\nsend fg Urgent', 'p.scenario');
    const seen: TimelineEntry[] = [];
    const result = await runScenario(steps, { board, timing, file: 'p.scenario', onTransition: (e) => seen.push(e) });
    board.stop();

    expect(result.transitions).toEqual(seen);
    const partial = result.transitions.find((e) => e.to === 'suspended')!;
    expect(partial.detail).toMatchObject({ kind: 'preempted' });
    const kept = (partial.detail as { partialChars: number }).partialChars;
    expect(kept).toBeGreaterThan(0);
    expect(result.transitions.map(line)).toEqual([
      '0 bg idle->queued',
      '0 bg queued->streaming',
      '250 fg idle->queued',
      `250 bg streaming->suspended (preempted: partial ${kept} chars kept)`,
      '250 fg queued->streaming',
      `650 fg streaming->idle (answer complete, ${result.sessions[1]!.messages[1]!.content.length} chars)`,
      `650 bg suspended->resuming (resumed: continuing after ${kept} chars)`,
      '750 bg resuming->streaming',
      `850 bg streaming->idle (answer complete, ${result.sessions[0]!.messages[1]!.content.length} chars)`,
    ]);
    expect(result.durationMs).toBe(850);
    expect(result.stats).toMatchObject({ preemptions: 1, resumes: 1, completions: 2 });
    expect(verifyAnswers(result.sessions, { seed: 0, tokens: 4 }).map((c) => c.matches)).toEqual([true, true]);
  });

  it('cancels only the current turn, keeping its partial, and answers the waiting message next', async () => {
    const { board, timing } = virtualBoard();
    const steps = parseScenario('new a\nsend a one\nsend a two\nwait 150\ncancel a');
    const result = await runScenario(steps, { board, timing });
    board.stop();

    expect(result.transitions.map(line)).toEqual([
      '0 a idle->queued',
      '0 a queued->streaming',
      expect.stringMatching(/^150 a streaming->queued \(cancelled: partial \d+ chars kept\)$/),
      '150 a queued->streaming',
      expect.stringMatching(/^550 a streaming->idle \(answer complete, \d+ chars\)$/),
    ]);
    const [session] = result.sessions;
    expect(session!.messages.map((m) => `${m.role}:${m.status ?? '-'}`)).toEqual(['user:-', 'assistant:cancelled', 'user:-', 'assistant:completed']);
    expect(result.stats).toMatchObject({ completions: 1, cancellations: 1 });
  });

  it('notes a cancel before the first token', async () => {
    const { board, timing } = virtualBoard();
    const result = await runScenario(parseScenario('new a\nsend a one\nwait 50\ncancel a'), { board, timing });
    board.stop();
    expect(result.transitions.map(line).at(-1)).toBe('50 a streaming->idle (cancelled before the first token)');
    expect(result.sessions[0]!.messages).toHaveLength(1);
  });

  it('records a failed turn without an unhandled rejection', async () => {
    const failing = (clock: ReturnType<typeof createVirtualClock>): Provider => ({
      name: 'failing',
      async *stream({ signal }) {
        await sleep(clock, 10, signal);
        yield { type: 'delta', text: 'Half' };
        throw new ProviderError('network', 'connection reset');
      },
    });
    // No retries: a transient fault would otherwise suspend the turn and try again after a backoff.
    const { board, timing } = virtualBoard(failing, { maxRetries: 0 });
    const result = await runScenario(parseScenario('new a\nsend a one'), { board, timing });
    board.stop();
    expect(result.sessions[0]!.state).toBe('failed');
    expect(result.transitions.map(line).at(-1)).toBe('10 a streaming->failed (failed: connection reset)');
    expect(result.stats.failures).toBe(1);
  });

  it('tells a suspension by a transient fault from a preemption, and retries from the partial', async () => {
    let attempts = 0;
    const flaky = (clock: ReturnType<typeof createVirtualClock>): Provider => ({
      name: 'flaky',
      async *stream({ signal, prefix = '' }) {
        attempts++;
        await sleep(clock, 10, signal);
        if (attempts === 1) {
          yield { type: 'delta', text: 'Half' };
          throw new ProviderError('network', 'connection reset');
        }
        yield { type: 'delta', text: prefix === 'Half' ? ' done' : 'wrong' };
        yield { type: 'finish', reason: 'stop' };
      },
    });
    const { board, timing } = virtualBoard(flaky);
    const result = await runScenario(parseScenario('new a\nsend a one'), { board, timing });
    board.stop();
    const faulted = result.transitions.find((e) => e.to === 'suspended')!;
    expect(faulted.detail).toEqual({ kind: 'faulted', partialChars: 4, error: 'connection reset' });
    expect(describeDetail(faulted.detail)).toBe('fault, will retry keeping 4 chars: connection reset');
    expect(result.sessions[0]!.messages.at(-1)).toMatchObject({ content: 'Half done', status: 'completed' });
    expect(result.stats).toMatchObject({ retries: 1, failures: 0 });
  });

  it('reports a wait that can never finish, naming its line', async () => {
    // A provider that waits on nothing the clock can fire.
    const hanging: Provider = { name: 'hanging', stream: () => ({ [Symbol.asyncIterator]: () => ({ next: () => new Promise(() => {}) }) }) };
    const { board, timing } = virtualBoard(() => hanging);
    const run = runScenario(parseScenario('new a\nsend a one\n\nwait idle\nsend a two'), { board, timing, file: 'h.scenario' });
    await expect(run).rejects.toThrow(ScenarioError);
    await expect(run).rejects.toThrow('h.scenario:4: "wait idle" can never finish: 1 message(s) unanswered and nothing left to happen');
    board.stop();
  });
});
