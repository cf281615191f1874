// The example in docs/TESTING.md: this file is that example, run by `pnpm test`
// (test/docs/testingDoc.test.ts fails if the two drift apart).
import { createPriorityPolicy, createSwitchboard, createVirtualClock, sessionMachine } from '@switchboard/core';
import {
  coverage,
  createSystemDriver,
  createSystemProbe,
  exploreSystem,
  formatExploreResult,
  observeProvider,
  recordRun,
  runSessionPath,
  sessionPaths,
} from '@switchboard/core/testing';
import { createSimulatedProvider, simulatedReply } from '@switchboard/llm-adapter';
import { expect, it } from 'vitest';

it('checks the invariants on a live run and records it', async () => {
  const clock = createVirtualClock();
  const observed = observeProvider(createSimulatedProvider({ clock, tokens: 8 }));
  const board = createSwitchboard({ provider: observed.provider, clock, slots: 1 });
  const probe = createSystemProbe({
    board, observed, clock, agingMs: 30_000,
    expected: (conversation) => simulatedReply(conversation, { tokens: 8, seed: 0 }).join(''),
  });
  const recorder = recordRun(board, { clock });
  const [research, chat] = [board.createSession({ id: 'research' }), board.createSession({ id: 'chat' })];
  board.switchTo(chat);
  probe.send(research, 'Summarise the report');
  await clock.advance(400);
  probe.send(chat, 'Quick question');                      // preempts research
  await clock.runUntil(() => probe.check().length > 0 || board.isIdle());
  expect(probe.check(true)).toEqual([]);                   // every invariant holds at the end
  const { transitions } = recorder.document();             // the `switchboard run --json` document
  expect(transitions.map((t) => `${t.session}:${t.to}`)).toContain('research:suspended');
});

it('runs generated paths of a session machine built on ours against the real system', async () => {
  const mine = sessionMachine.provide({});                 // your variant: actions, guards, actors…
  const paths = sessionPaths(mine);
  expect(coverage(paths, mine).transitions.missing).toEqual([]);
  const driver = createSystemDriver({
    provider: ({ clock, fault }) => createSimulatedProvider({ clock, fault, tokens: 40, firstTokenMs: 20 }),
  });
  for (const path of paths.slice(0, 5)) await runSessionPath(path, driver);
});

it('explores every reachable state of a small system', () => {
  const result = exploreSystem({
    sessions: 2, slots: 1, messagesPerSession: 2, tokens: 2, maxRetries: 1, capacity: 3,
    ticks: 1, agingMs: 1000, policy: createPriorityPolicy({ agingMs: 1000 }),
  });
  console.log(formatExploreResult(result));                // states, transitions, or the shortest counterexample
  expect(result.violation).toBeNull();
});
