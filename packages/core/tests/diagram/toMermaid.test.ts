import { describe, expect, it } from 'vitest';
import { toMermaid } from '../../src/diagram/toMermaid.js';
import { schedulerMachine } from '../../src/machines/schedulerMachine.js';
import { playerMachine } from './playerMachine.js';

describe('toMermaid', () => {
  it('draws a flat machine one transition a line', () => {
    expect(toMermaid(schedulerMachine)).toBe(
      [
        'stateDiagram-v2',
        '  [*] --> idle',
        '  idle --> serving : always [busy]',
        '  idle --> stopped : STOP',
        '  serving --> saturated : always [saturated]',
        '  serving --> idle : always [idle]',
        '  serving --> stopped : STOP',
        '  saturated --> serving : always [notSaturated]',
        '  saturated --> stopped : STOP',
        '  stopped --> [*]',
        '',
      ].join('\n'),
    );
  });

  it('draws nested states as composites and parallel regions split by --, each transition in its innermost composite', () => {
    const mermaid = toMermaid(playerMachine);
    expect(mermaid).toContain(
      [
        '  state active {',
        '    state "playback" as active_playback',
        '    state active_playback {',
        '      state "loading" as active_playback_loading',
      ].join('\n'),
    );
    expect(mermaid).toContain('      [*] --> active_playback_loading\n      active_playback_loading --> active_playback_playing : onDone(load)');
    expect(mermaid).toContain('      active_playback_done --> [*]\n    }\n    --\n    state "volume" as active_volume');
    expect(mermaid).toContain('      state "resume (history)" as active_playback_resume');
    expect(mermaid).toContain('\n  active_playback_paused --> stopped : after 60000ms\n');
    expect(mermaid).toContain('\n  stopped --> active_playback_paused : RESCUE\n');
    expect(mermaid.split('\n').filter((l) => l.trim() === '}')).toHaveLength(3);
  });

  it('writes characters that would break Mermaid as entity codes', () => {
    expect(toMermaid(playerMachine)).toContain('  stopped --> stopped : WEIRD#lt;&#gt; [a#lt;b & #quot;c#quot;]\n');
  });
});
