/**
 * Benchmark: the zero-latency simulated stream consumed raw vs through a session actor, same reply,
 * repetitions interleaved in the same run.
 *
 * Run alone with `node --import tsx bench/streamThroughput.ts`.
 */
import { createSwitchboard, type ChatMessage } from '@switchboard/core';
import { createSimulatedProvider } from '@switchboard/llm-adapter';
import { isMain, median, now, runStandalone, settle, sinceNs, times, type NotedRow } from './support.js';

/** Long enough that creating the stream, the turn and the reply is noise next to the chunks. */
const TOKENS = 50_000;
const WARM_UP = 3;
const REPETITIONS = 11;
const TARGET_RATIO = 1.1;
const QUESTION = 'Tell me a long story';

// Zero-latency mode never reads a clock, so both sides do the same provider work per chunk.
const provider = createSimulatedProvider({ tokens: TOKENS, tokensPerSecond: Infinity, firstTokenMs: 0 });

interface Run {
  ns: number;
  text: string;
}

interface RawRun extends Run {
  chunks: number;
}

async function raw(): Promise<RawRun> {
  // The same conversation the session hands its provider, so both sides stream the same reply.
  const messages: ChatMessage[] = [{ role: 'user', content: QUESTION }];
  const { signal } = new AbortController();
  const start = now();
  let text = '';
  let chunks = 0;
  for await (const event of provider.stream({ messages, signal })) {
    if (event.type === 'delta') {
      text += event.text;
      chunks++;
    }
  }
  return { ns: sinceNs(start), chunks, text };
}

async function throughActor(): Promise<Run> {
  // A fresh board per repetition, outside the timing: a second message would carry a longer transcript.
  const board = createSwitchboard({ provider });
  const session = board.createSession();
  const start = now();
  const answer = await board.send(session, QUESTION).result;
  const ns = sinceNs(start);
  board.stop();
  return { ns, text: answer.content };
}

export async function benchStreamThroughput(): Promise<NotedRow[]> {
  const rawNs: number[] = [];
  const actorNs: number[] = [];
  let chunks = 0;
  for (let i = 0; i < WARM_UP + REPETITIONS; i++) {
    // Alternating which side goes first (ABBA), so neither always runs on the other's garbage.
    let r: RawRun;
    let a: Run;
    if (i % 2 === 0) {
      await settle();
      r = await raw();
      await settle();
      a = await throughActor();
    } else {
      await settle();
      a = await throughActor();
      await settle();
      r = await raw();
    }
    if (a.text !== r.text) throw new Error(`the session's answer differs from the raw stream (${a.text.length} vs ${r.text.length} chars)`);
    chunks = r.chunks;
    if (i >= WARM_UP) {
      rawNs.push(r.ns / r.chunks);
      actorNs.push(a.ns / r.chunks);
    }
  }
  const ours = median(actorNs);
  const baseline = median(rawNs);
  const ratio = ours / baseline;
  return [
    {
      name: `stream through a session actor vs raw for-await, ${chunks / 1000}k-chunk zero-latency reply`,
      value: `${ours.toFixed(0)} ns/chunk`,
      baseline: `${baseline.toFixed(0)} ns/chunk`,
      ratio: times(ratio),
      target: `≤ ${times(TARGET_RATIO)}`,
      ok: ratio <= TARGET_RATIO,
      method:
        `Simulated provider with tokensPerSecond Infinity, firstTokenMs 0, ${TOKENS / 1000}k tokens. Raw: for await over ` +
        `provider.stream() concatenating delta text. Ours: createSwitchboard with the same provider and default options (created untimed), ` +
        `board.send() one message, await reply.result; the answer is checked to equal the raw text. Wall time ÷ chunks. ` +
        `${REPETITIONS} repetitions, alternating raw-actor and actor-raw, after ${WARM_UP} warm-up pairs; medians. Ratio = ours ÷ raw.`,
    },
  ];
}

if (isMain(import.meta.url)) await runStandalone(benchStreamThroughput);
