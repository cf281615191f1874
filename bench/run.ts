/**
 * Runs every benchmark, prints one table and rewrites docs/BENCHMARKS.md with it.
 *
 * `pnpm bench` (= `node --expose-gc --import tsx bench/run.ts`). Without --expose-gc it still
 * works: support.ts exposes gc at run time for the heap figures, only bench/heap.ts runs without it.
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { benchHeap } from './heap.js';
import { benchPersistence } from './persistence.js';
import { benchPreemption } from './preemption.js';
import { benchSdkThroughput } from './sdkThroughput.js';
import { benchSessionMemory } from './sessionMemory.js';
import { benchStreamThroughput } from './streamThroughput.js';
import { cellsOf, formatTable, HEADER, now, sinceNs, type NotedRow } from './support.js';
import type { BenchRow } from './types.js';

const DOC = new URL('../docs/BENCHMARKS.md', import.meta.url);

/** bench/heap.ts returns plain rows; its method notes live here, matched on how each row's name starts. */
const HEAP_NOTES: ReadonlyArray<readonly [string, string]> = [
  [
    'push vs p-queue add',
    'bench/heap.ts: core PriorityQueue (indexed binary heap) vs p-queue 9.3.5, seeded random priorities. p-queue is prefilled ' +
      'to 90k in an order that hits its O(1) append path (its add is an O(n) sorted insert: filling from 0 would take ~4 s per ' +
      'repetition), then the adds from 90k to 100k are timed on both sides. Median of 5 after one warm-up. Ratio = p-queue ÷ heap.',
  ],
  ['heap push', 'bench/heap.ts: 100k pushes into an empty heap, seeded random priorities, ns per push. Median of 5 after one warm-up. No baseline.'],
  ['heap pop', 'bench/heap.ts: pops from 100k down to empty, ns per pop. Median of 5 after one warm-up. No baseline.'],
  [
    'reprioritize',
    'bench/heap.ts: 100k random reprioritize calls on a 100k heap vs 1k p-queue setPriority calls (a linear scan plus splices) ' +
      'at 100k queued. Median of 5 after one warm-up. Ratio = p-queue ÷ heap.',
  ],
];

const heapNote = (row: BenchRow): string =>
  HEAP_NOTES.find(([start]) => row.name.startsWith(start))?.[1] ?? 'bench/heap.ts: see the comments at the top of that file.';

const progress = (message: string): void => void process.stderr.write(`${message}\n`);

async function timed<T>(label: string, bench: () => Promise<T>): Promise<T> {
  progress(`running ${label}…`);
  const start = now();
  const result = await bench();
  progress(`  ${label}: ${(sinceNs(start) / 1e9).toFixed(1)} s`);
  return result;
}

const escapeCell = (text: string): string => text.replaceAll('|', '\\|');
const markdownRow = (cells: readonly string[]): string => `| ${cells.map(escapeCell).join(' | ')} |`;

function markdown(rows: readonly NotedRow[], seconds: number, load: readonly number[]): string {
  const cpu = cpus();
  const table = [markdownRow(HEADER), markdownRow(HEADER.map(() => '---')), ...rows.map((r) => markdownRow(cellsOf(r)))];
  const methods = rows.map((r, i) => `${i + 1}. **${r.name}** — ${r.method}`);
  return [
    '# Benchmarks',
    '',
    'The figures below come from `pnpm bench` (bench/run.ts), which runs every benchmark in bench/ and rewrites this file; ' +
      'do not edit it by hand. Each figure is measured side by side with its baseline in the same run, interleaved where ' +
      'the method says so, so the ratio is the number to trust: absolute times move with the machine and its load. ' +
      'Unless a method says otherwise, ratio = ours ÷ baseline, so 1.00× is parity and higher means our machinery costs more. ' +
      'The queue rows from bench/heap.ts are the exception: their ratio is p-queue ÷ heap, how many times faster the heap is, ' +
      'so higher is better there (their targets read ≥). "met?" compares the figure with its target; "—" means the row ' +
      'is reported without a target.',
    '',
    ...table,
    '',
    '## How each row is measured',
    '',
    ...methods,
    '',
    '## Machine',
    '',
    `- Node ${process.version} (${process.platform} ${process.arch}), flags: ${process.execArgv.join(' ') || 'none'}`,
    `- CPU: ${cpu[0]?.model ?? 'unknown'} × ${cpu.length}`,
    `- Memory: ${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    // Other work on a shared machine moves absolute figures; the load average says how busy it was.
    `- Load average (1, 5, 15 min) when the run started: ${load.map((l) => l.toFixed(2)).join(', ')}`,
    `- Date: ${new Date().toISOString()}`,
    `- Whole run: ${seconds.toFixed(1)} s`,
    '',
  ].join('\n');
}

const load = loadavg();
const started = now();
// Latency-sensitive benchmarks first, before the large heaps of the memory and queue runs.
const rows: NotedRow[] = [
  ...(await timed('preemption', benchPreemption)),
  ...(await timed('stream throughput', benchStreamThroughput)),
  ...(await timed('SDK throughput', benchSdkThroughput)),
  ...(await timed('persistence', benchPersistence)),
  ...(await timed('session memory', benchSessionMemory)),
  ...(await timed('queue', benchHeap)).map((row) => ({ ...row, method: heapNote(row) })),
];
const seconds = sinceNs(started) / 1e9;
console.log(formatTable(rows));
console.log(`\n(${seconds.toFixed(1)} s, Node ${process.version}; written to docs/BENCHMARKS.md)`);
writeFileSync(DOC, markdown(rows, seconds, load));
