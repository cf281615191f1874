import type { InspectionRecord } from '../records/InspectionRecord.js';

interface Entry {
  readonly seq: number;
  readonly kind: InspectionRecord['kind'];
  readonly json: string;
}

type Listener = (json: string, seq: number) => void;

/**
 * The records so far, as the JSON lines sent to pages, and the pages listening for more.
 * Bounded: past `limit` the oldest records are dropped, except `actor` records, which a
 * page needs to know who exists.
 *
 * @example
 * ```ts
 * const log = new RecordLog(10_000);
 * const stop = log.subscribe((json) => res.write(`data: ${json}\n\n`));
 * log.append(record, JSON.stringify(record));
 * ```
 */
export class RecordLog {
  private entries: Entry[] = [];
  private readonly listeners = new Set<Listener>();

  constructor(private readonly limit = 200_000) {}

  get size(): number {
    return this.entries.length;
  }

  append(record: InspectionRecord, json: string): void {
    this.entries.push({ seq: record.seq, kind: record.kind, json });
    if (this.entries.length > this.limit) this.trim();
    for (const listener of this.listeners) listener(json, record.seq);
  }

  /** Every record after `seq` (all of them for 0), oldest first. */
  since(seq = 0): ReadonlyArray<{ readonly seq: number; readonly json: string }> {
    return seq <= 0 ? this.entries : this.entries.filter((entry) => entry.seq > seq);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Drops a tenth of the oldest non-actor records at once, so trimming is rare. */
  private trim(): void {
    let drop = Math.max(1, Math.floor(this.limit / 10));
    this.entries = this.entries.filter((entry) => entry.kind === 'actor' || drop-- <= 0);
  }
}
