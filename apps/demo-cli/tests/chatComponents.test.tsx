/** @jsxRuntime automatic */
/** @jsxImportSource react */
import type { SessionView } from '@switchboard/core';
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { ChatView } from '../src/chat/ChatApp.js';
import { SessionList, StatusLine, Transcript } from '../src/chat/components.js';
import type { ChatSnapshot, SessionRow, StatusInfo } from '../src/chat/types.js';

const row = (over: Partial<SessionRow>): SessionRow => ({
  id: 's1', number: 1, name: 'chat 1', state: 'idle', queuePosition: null, tokens: 0, pending: 0, unread: false, active: false, ...over,
});

const status: StatusInfo = {
  slotsUsed: 1, slots: 2, queuedForeground: 1, queuedBackground: 3, preemptions: 4, resumes: 2, provider: 'simulated 40 tok @ 60/s',
};

const view = (over: Partial<SessionView>): SessionView => ({
  id: 's1', name: 'chat 1', state: 'idle', messages: [], pending: [], turn: null, error: null, ...over,
});

const turn = (partial: string) => ({
  id: 'm2', text: 'second question', acceptedAt: 0, partial, tokens: partial.split(' ').length, startedAt: 0, firstTokenAt: 0, preemptions: 1, resumes: 0,
  faults: 0, lastFault: null, restarts: 0, toolCalls: [],
});

const sessions: SessionRow[] = [
  row({ id: 's1', number: 1, name: 'chat 1', state: 'suspended', tokens: 42, active: false }),
  row({ id: 's2', number: 2, name: 'research', state: 'queued', queuePosition: 2, tokens: 0 }),
  row({ id: 's3', number: 3, name: 'email', state: 'idle', tokens: 120, unread: true }),
  row({ id: 's4', number: 4, name: 'code', state: 'streaming', tokens: 7, pending: 1, active: true }),
  row({ id: 's5', number: 5, name: 'broken', state: 'failed' }),
  row({ id: 's6', number: 6, name: 'back', state: 'resuming', tokens: 10 }),
];

describe('SessionList', () => {
  it('shows a badge per session, with the queue position, characters, pending count and unread marker', () => {
    const { lastFrame } = render(<SessionList sessions={sessions} width={80} maxRows={9} />);
    const lines = lastFrame()!.split('\n');
    expect(lines).toHaveLength(6);
    expect(lines[0]).toMatch(/^ 1 chat 1 +suspended +42 tok/);
    expect(lines[1]).toMatch(/^ 2 research +queued #2 +0 tok/);
    expect(lines[2]).toMatch(/^ 3 email +idle +120 tok +●$/);
    expect(lines[3]).toMatch(/^▸4 code +streaming +7 tok \+1/);
    expect(lines[4]).toContain('failed');
    expect(lines[5]).toContain('resuming');
    // Columns line up whatever the markers.
    expect(new Set(lines.map((l) => l.lastIndexOf(' tok'))).size).toBe(1);
  });

  it('fits 40 columns and keeps the active session in view when rows are few', () => {
    const { lastFrame } = render(<SessionList sessions={sessions} width={40} maxRows={2} />);
    const lines = lastFrame()!.split('\n');
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(40);
    expect(lines.some((l) => l.startsWith('▸4'))).toBe(true);
  });
});

describe('Transcript', () => {
  it('shows the answer streaming, the suspended partial and the pending message', () => {
    const session = view({
      state: 'suspended',
      messages: [
        { id: 'm1', role: 'user', content: 'first', at: 0 },
        { id: 'm1:answer', role: 'assistant', content: 'first answer', at: 1 },
        { id: 'm2', role: 'user', content: 'second question', at: 2 },
      ],
      turn: turn('half of the'),
      pending: [{ id: 'm3', text: 'third', acceptedAt: 3 }],
    });
    const frame = render(<Transcript session={session} width={60} height={10} />).lastFrame()!;
    expect(frame).toContain('you  first');
    expect(frame).toContain('ai   first answer');
    expect(frame).toContain('you  second question');
    expect(frame).toContain('ai   half of the [suspended: partial kept');
    expect(frame).toContain('you  third  (pending: sent after the current answer)');
  });

  it('shows a failed turn and its error in the session', () => {
    const session = view({
      state: 'failed',
      messages: [
        { id: 'm1', role: 'user', content: 'hi', at: 0 },
        { id: 'm1:answer', role: 'assistant', content: '', status: 'failed', at: 1 },
      ],
      error: { kind: 'auth', message: 'the server refused the API key' } as SessionView['error'],
    });
    const frame = render(<Transcript session={session} width={60} height={10} />).lastFrame()!;
    expect(frame).toContain('[failed]');
    expect(frame).toContain('the server refused the API key');
  });

  it('wraps long answers to the width and keeps the last lines', () => {
    const long = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ');
    const session = view({ state: 'streaming', messages: [{ id: 'm2', role: 'user', content: 'q', at: 0 }], turn: turn(long) });
    const frame = render(<Transcript session={session} width={30} height={4} />).lastFrame()!;
    const lines = frame.split('\n');
    expect(lines).toHaveLength(4);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(30);
    expect(frame).toContain('word59▍');
  });
});

describe('StatusLine', () => {
  it('shows slots, queued per class, preemptions and the provider', () => {
    const frame = render(<StatusLine status={status} notice={null} width={100} />).lastFrame()!;
    expect(frame).toContain('slots 1/2');
    expect(frame).toContain('queued fg 1 bg 3');
    expect(frame).toContain('preempted 4');
    expect(frame).toContain('simulated 40 tok @ 60/s');
  });

  it('shows a notice above it', () => {
    const frame = render(<StatusLine status={status} notice="press Ctrl+C again to quit" width={100} />).lastFrame()!;
    expect(frame.split('\n')[0]).toBe('press Ctrl+C again to quit');
  });
});

describe('ChatView', () => {
  const snapshot: ChatSnapshot = {
    sessions,
    active: view({ id: 's4', name: 'code', state: 'streaming', messages: [{ id: 'm2', role: 'user', content: 'a question that is rather long for a narrow terminal', at: 0 }], turn: turn('the answer so far') }),
    status,
    notice: null,
    overlay: null,
  };

  it('renders the whole screen at 40 columns without a line wider than the terminal', () => {
    const frame = render(<ChatView snapshot={snapshot} input="typing something long enough to overflow the line" columns={40} rows={16} />).lastFrame()!;
    const lines = frame.split('\n');
    expect(lines.length).toBeLessThanOrEqual(15);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(40);
    expect(frame).toContain('the answer so far▍');
    expect(frame).toContain('> …');
    expect(frame).toContain('slots 1/2');
  });

  it('shows help and the session table as panels', () => {
    const help = render(<ChatView snapshot={{ ...snapshot, overlay: 'help' }} input="" columns={80} rows={24} />).lastFrame()!;
    expect(help).toContain('Ctrl+N');
    expect(help).toContain('/switch <n|name>');
    const list = render(<ChatView snapshot={{ ...snapshot, overlay: 'list' }} input="" columns={80} rows={24} />).lastFrame()!;
    expect(list).toContain('2. research [queued #2]');
    expect(list).toContain('3. email [idle] 120 tok, unread');
  });
});

describe('ChatApp with a real board', () => {
  it('sends a line whose Enter arrives in the same chunk, and shows it pending while the answer streams', async () => {
    const { createSimulatedBoard } = await import('../src/provider/createBoard.js');
    const { ChatStore } = await import('../src/chat/ChatStore.js');
    const { ChatApp } = await import('../src/chat/ChatApp.js');
    const { board } = createSimulatedBoard({
      provider: 'simulated', concurrency: 1, tokens: 200, rate: 20, firstTokenMs: 0, seed: 0, clock: 'real', maxRetries: 0, stallTimeoutMs: 0,
    });
    const store = new ChatStore(board, { provider: 'simulated', throttleMs: 10 });
    store.newSession();
    const app = render(<ChatApp store={store} onQuit={() => undefined} />);
    try {
      // Ink starts reading keys once useInput has attached its listener: wait for that, not for time.
      await expect.poll(() => (app.stdin as unknown as NodeJS.EventEmitter).listenerCount('readable')).toBeGreaterThan(0);
      app.stdin.write('first question\r');
      app.stdin.write('second question\r');
      await expect.poll(() => board.session('s1').pending.map((p) => p.text)).toEqual(['second question']);
      await expect.poll(() => app.lastFrame()).toContain('second question  (pending');
      expect(app.lastFrame()).toContain('you  first question');
      expect(app.lastFrame()).toMatch(/▸1 chat 1 +streaming .* \+1/);
    } finally {
      app.unmount();
      store.dispose();
      board.stop();
    }
  });
});
