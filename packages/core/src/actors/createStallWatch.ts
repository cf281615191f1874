import type { Clock, TimerHandle } from '../clock/types.js';

/** A stream the watch looks after: it bumps `activity` whenever data arrives. */
export interface WatchedStream {
  activity: number;
  /** Called once if the stream stays silent too long. */
  readonly onStall: (silentMs: number) => void;
}

/**
 * One timer for every stream of a switchboard, instead of a timer per stream reset on
 * every chunk: a chunk costs one counter increment. The watch ticks every half timeout
 * while streams are open, so a silent stream is caught between `timeoutMs` and 1.5 ×
 * `timeoutMs` after its last data.
 */
export function createStallWatch(clock: Clock, timeoutMs: number) {
  const tickMs = timeoutMs / 2;
  const streams = new Map<WatchedStream, { seen: number; quietSince: number }>();
  let timer: TimerHandle | undefined;

  const tick = () => {
    timer = undefined;
    const now = clock.now();
    for (const [stream, mark] of streams) {
      if (stream.activity !== mark.seen) {
        mark.seen = stream.activity;
        mark.quietSince = now;
      } else if (now - mark.quietSince >= timeoutMs) {
        streams.delete(stream);
        stream.onStall(now - mark.quietSince);
      }
    }
    if (streams.size > 0) timer = clock.setTimeout(tick, tickMs);
  };

  let disarmQueued = false;
  const disarm = () => {
    disarmQueued = false;
    if (streams.size === 0 && timer !== undefined) {
      clock.clearTimeout(timer);
      timer = undefined;
    }
  };

  return {
    add(stream: WatchedStream): void {
      streams.set(stream, { seen: stream.activity, quietSince: clock.now() });
      if (timer === undefined) timer = clock.setTimeout(tick, tickMs);
    },
    remove(stream: WatchedStream): void {
      streams.delete(stream);
      // The timer is disarmed after the current work rather than at once: a preemption
      // removes the victim's stream and adds the winner's in the same turn, and clearing
      // then re-arming the timer there would put two timer-list operations on that path.
      if (streams.size === 0 && timer !== undefined && !disarmQueued) {
        disarmQueued = true;
        clock.defer(disarm);
      }
    },
  };
}
