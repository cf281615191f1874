/**
 * One side of the stream-throughput benchmark, run in a process of its own by
 * bench/streamThroughput.ts:
 * `node --expose-gc --import tsx bench/streamThroughputWorker.ts <raw|raw-discard|actor> <warm-ups> <repetitions> [--collect]`.
 *
 * A process per side, so neither side's JIT feedback, heap or garbage reaches the other: in one
 * process the provider's generator is compiled for both consumers at once, and each side runs on
 * the other's garbage. Prints one JSON line: the ns/chunk of each timed repetition, the chunk
 * count, and the answer's length and hash, so the parent can check both sides streamed the same text.
 *
 * Both sides do the same job, the one a chat client does: stream an answer and keep it. The raw
 * side keeps each answer in an array (a transcript); ours keeps it where the product does, in the
 * session's transcript, with one switchboard for the whole process and a new session per
 * repetition (so no prompt grows). `raw-discard` throws each answer away, for reference only.
 *
 * `--collect` forces a full GC before each repetition. Without it the repetitions run back to
 * back, as streams do in a long-lived process.
 */
import { createSwitchboard, type ChatMessage, type Switchboard } from '@switchboard/core';
import { createSimulatedProvider } from '@switchboard/llm-adapter';
import { fullGc, isMain, now, settle, sinceNs } from './support.js';

/** Long enough that creating the stream, the turn and the reply is noise next to the chunks. */
export const TOKENS = 50_000;
export const QUESTION = 'Tell me a long story';

export type Side = 'raw' | 'raw-discard' | 'actor';
const SIDES: readonly Side[] = ['raw', 'raw-discard', 'actor'];

/** What a worker prints. */
export interface SideResult {
  readonly side: Side;
  /** Wall time of each timed repetition ÷ chunks. */
  readonly nsPerChunk: number[];
  /** CPU time (user + system, every thread of the process) of each timed repetition ÷ chunks. */
  readonly cpuNsPerChunk: number[];
  readonly chunks: number;
  readonly textLength: number;
  readonly textHash: number;
}

// Zero-latency mode never reads a clock, so both sides do the same provider work per chunk.
const makeProvider = () => createSimulatedProvider({ tokens: TOKENS, tokensPerSecond: Infinity, firstTokenMs: 0 });
let provider: ReturnType<typeof makeProvider>;

interface Run {
  ns: number;
  text: string;
  chunks: number;
}

/** Every answer the raw side streamed, kept as a transcript keeps them. */
const transcript: string[] = [];

/** Raw: a bare for-await over the provider, concatenating delta text. */
async function raw(keep: boolean): Promise<Run> {
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
  if (keep) transcript.push(text);
  return { ns: sinceNs(start), chunks, text };
}

let board: Switchboard | undefined;

/** Ours: one message through a new session of the process's switchboard (both made untimed), until its result settles. */
async function throughActor(): Promise<Run> {
  board ??= createSwitchboard({ provider });
  const session = board.createSession();
  const start = now();
  const answer = await board.send(session, QUESTION).result;
  const ns = sinceNs(start);
  return { ns, text: answer.content, chunks: TOKENS };
}

/** FNV-1a over UTF-16 code units: enough to tell two answers apart. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

async function main(): Promise<void> {
  const [side, warmUps, repetitions] = [process.argv[2] as Side, Number(process.argv[3]), Number(process.argv[4])];
  const collect = process.argv.includes('--collect');
  if (!SIDES.includes(side) || !(warmUps >= 0) || !(repetitions >= 1)) {
    throw new Error('usage: streamThroughputWorker.ts <raw|raw-discard|actor> <warm-ups> <repetitions> [--collect]');
  }
  provider = makeProvider();
  const once = side === 'actor' ? throughActor : () => raw(side === 'raw');
  const nsPerChunk: number[] = [];
  const cpuNsPerChunk: number[] = [];
  let last: Run | undefined;
  for (let i = 0; i < warmUps + repetitions; i++) {
    // One event-loop turn first, so what the last repetition left pending (a deferred flush, a
    // timer's disarm) has run and let go of it before anything is collected or timed.
    await settle();
    if (collect) {
      fullGc();
      await settle();
    }
    const cpu = process.cpuUsage();
    last = await once();
    const { user, system } = process.cpuUsage(cpu);
    if (i >= warmUps) {
      nsPerChunk.push(last.ns / last.chunks);
      cpuNsPerChunk.push(((user + system) * 1000) / last.chunks);
    }
  }
  const result: SideResult = { side, nsPerChunk, cpuNsPerChunk, chunks: last!.chunks, textLength: last!.text.length, textHash: hash(last!.text) };
  board?.stop();
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

if (isMain(import.meta.url)) await main();
