/**
 * Benchmark: the zero-latency simulated stream consumed raw vs through a session actor, each
 * side in processes of its own (bench/streamThroughputWorker.ts), the processes interleaved.
 *
 * Run alone with `node --expose-gc --import tsx bench/streamThroughput.ts`.
 */
import { isMain, median, runChild, runStandalone, spread, times, type NotedRow } from './support.js';
import { TOKENS, type SideResult } from './streamThroughputWorker.js';

/** Process pairs; each pair gives one ratio, and the row reports their median and spread. */
const PAIRS = 8;
const WARM_UP = 4;
const REPETITIONS = 9;
const TARGET_RATIO = 1.1;
const WORKER = new URL('./streamThroughputWorker.ts', import.meta.url);

const side = (name: 'raw' | 'actor') => runChild<SideResult>(WORKER, [name, String(WARM_UP), String(REPETITIONS)]);

export async function benchStreamThroughput(): Promise<NotedRow[]> {
  const rawNs: number[] = [];
  const actorNs: number[] = [];
  const ratios: number[] = [];
  const cpuRatios: number[] = [];
  let bestRaw = Infinity;
  let bestActor = Infinity;
  let chunks = 0;
  for (let pair = 0; pair < PAIRS; pair++) {
    // Alternating which side goes first (ABBA), so neither always runs right after the other.
    let r: SideResult;
    let a: SideResult;
    if (pair % 2 === 0) {
      r = await side('raw');
      a = await side('actor');
    } else {
      a = await side('actor');
      r = await side('raw');
    }
    if (a.textLength !== r.textLength || a.textHash !== r.textHash) {
      throw new Error(`the session's answer differs from the raw stream (${a.textLength} vs ${r.textLength} chars)`);
    }
    chunks = r.chunks;
    const rawMedian = median(r.nsPerChunk);
    const actorMedian = median(a.nsPerChunk);
    rawNs.push(rawMedian);
    actorNs.push(actorMedian);
    ratios.push(actorMedian / rawMedian);
    cpuRatios.push(median(a.cpuNsPerChunk) / median(r.cpuNsPerChunk));
    bestRaw = Math.min(bestRaw, ...r.nsPerChunk);
    bestActor = Math.min(bestActor, ...a.nsPerChunk);
  }
  const ours = median(actorNs);
  const baseline = median(rawNs);
  const s = spread(ratios);
  return [
    {
      name: `stream through a session actor vs raw for-await, ${chunks / 1000}k-chunk zero-latency reply`,
      value: `${ours.toFixed(0)} ns/chunk`,
      baseline: `${baseline.toFixed(0)} ns/chunk`,
      ratio: `${times(s.median)} (IQR ${times(s.q1)}–${times(s.q3)}, range ${times(s.min)}–${times(s.max)}; best-of ${times(bestActor / bestRaw)}; CPU time ${times(median(cpuRatios))})`,
      target: `≤ ${times(TARGET_RATIO)}`,
      ok: s.median <= TARGET_RATIO,
      method:
        `Simulated provider with tokensPerSecond Infinity, firstTokenMs 0, ${TOKENS / 1000}k tokens. Raw: for await over ` +
        `provider.stream() concatenating delta text. Ours: createSwitchboard with the same provider and default options (created untimed), ` +
        `board.send() one message, await reply.result. Wall time ÷ chunks. Each side runs in processes of its own ` +
        `(bench/streamThroughputWorker.ts), so neither side's JIT feedback or garbage reaches the other: a process does ` +
        `${WARM_UP} warm-up and ${REPETITIONS} timed repetitions, each after a full GC, and reports their median. ${PAIRS} pairs ` +
        `of processes, run one after the other, alternating which side goes first; the answers of both sides are checked to ` +
        `be the same text (length and hash). Figures are the medians over processes; ratio = the median of the ${PAIRS} ` +
        `per-pair ratios (ours ÷ raw) of wall time, with their interquartile range and range; "best-of" is our fastest repetition ÷ the raw side's fastest, over ` +
        `every process (other load only ever adds time, so the minima are the least disturbed); "CPU time" is the median ` +
        `per-pair ratio of process CPU time (user + system, all threads), less sensitive to other load on the machine.`,
    },
  ];
}

if (isMain(import.meta.url)) await runStandalone(benchStreamThroughput);
