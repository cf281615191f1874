/** Small helpers shared by the benchmark files: timing, order statistics, GC, table output. */
import { pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { BenchRow } from './types.js';

/** A row plus how it was measured, for docs/BENCHMARKS.md. Still a BenchRow to anything that takes one. */
export interface NotedRow extends BenchRow {
  method: string;
}

export const now = (): bigint => process.hrtime.bigint();
export const sinceNs = (start: bigint): number => Number(process.hrtime.bigint() - start);

/** Resolves after the microtask queue has drained and one event-loop turn has passed. */
export const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Nearest-rank percentile (p in 0..100). */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))]!;
}

export const median = (values: readonly number[]): number => percentile(values, 50);

/**
 * A full collection. Uses the global `gc` when started with --expose-gc; otherwise sets the flag
 * at run time and takes `gc` from a fresh context (the flag only applies to contexts created after
 * it is set), so a standalone run without the flag still measures heap figures properly.
 */
export const gc: () => void = (() => {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
})();

/** Two passes, because objects with finalizers or weak references can need a second one to go. */
export function fullGc(): void {
  gc();
  gc();
}

export const us = (ns: number): string => `${(ns / 1000).toFixed(1)} µs`;
export const times = (ratio: number): string => `${ratio.toFixed(2)}×`;

/** 'yes', 'NO', or '—' for a row that reports a figure without a target. */
export const met = (row: BenchRow): string => (row.target === '—' ? '—' : row.ok ? 'yes' : 'NO');

export const HEADER = ['benchmark', 'figure', 'baseline', 'ratio', 'target', 'met?'] as const;
export const cellsOf = (row: BenchRow): string[] => [row.name, row.value, row.baseline, row.ratio, row.target, met(row)];

/** Fixed-width text table for the terminal. */
export function formatTable(rows: readonly BenchRow[]): string {
  const cells = rows.map(cellsOf);
  const widths = HEADER.map((h, c) => Math.max(h.length, ...cells.map((row) => row[c]!.length)));
  const line = (row: readonly string[]): string => row.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd();
  return [line(HEADER), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

/** True when `moduleUrl` is the file node was asked to run, so each bench file also runs standalone. */
export const isMain = (moduleUrl: string): boolean =>
  process.argv[1] !== undefined && moduleUrl === pathToFileURL(process.argv[1]).href;

/** Prints a standalone run's rows. */
export async function runStandalone(bench: () => Promise<BenchRow[]>): Promise<void> {
  const started = now();
  console.log(formatTable(await bench()));
  console.log(`\n(${(sinceNs(started) / 1e9).toFixed(1)} s, Node ${process.version})`);
}

/**
 * Runs a bench file in a fresh Node process (same flags as this one: --expose-gc, --import tsx)
 * and parses the one JSON line it prints. A process per run keeps JIT feedback and heaps apart.
 */
export async function runChild<T>(script: URL, args: readonly string[], extraFlags: readonly string[] = []): Promise<T> {
  const { execFile } = await import('node:child_process');
  const { fileURLToPath } = await import('node:url');
  const flags = ['--expose-gc', '--import', 'tsx', ...extraFlags];
  const stdout = await new Promise<string>((resolve, reject) =>
    execFile(process.execPath, [...flags, fileURLToPath(script), ...args], { maxBuffer: 1 << 24 }, (error, out, err) =>
      error ? reject(new Error(`${fileURLToPath(script)} ${args.join(' ')} failed: ${err || error.message}`)) : resolve(out),
    ),
  );
  const line = stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(line) as T;
}

/** Lower quartile, median, upper quartile, min and max, for reporting a spread. */
export function spread(values: readonly number[]): { min: number; q1: number; median: number; q3: number; max: number } {
  return {
    min: percentile(values, 0),
    q1: percentile(values, 25),
    median: percentile(values, 50),
    q3: percentile(values, 75),
    max: percentile(values, 100),
  };
}
