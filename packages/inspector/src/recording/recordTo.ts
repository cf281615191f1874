import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { InspectionRecord } from '../records/InspectionRecord.js';
import { RECORDING_FORMAT, RECORDING_VERSION, type RecordingHeader } from './recordingFormat.js';

/** A recording being written. */
export interface Recording {
  readonly file: string;
  /** A {@link RecordSink}: appends one record as one JSON line. */
  readonly write: (record: InspectionRecord, json?: string) => void;
  /** Records written so far. */
  readonly count: number;
  /** Flushes and closes the file; resolves once it is on disk. */
  close(): Promise<void>;
}

/**
 * Opens `file` (created or truncated, mode 0600: it holds conversation text) and returns a
 * sink that writes inspection records to it as JSON lines, after a header line. Replay it
 * with `switchboard inspect FILE` or {@link replayRecording}.
 *
 * @throws the file system's error when the file cannot be opened (a missing directory, no permission)
 * @example
 * ```ts
 * const recording = await recordTo('run.jsonl');
 * const board = createSwitchboard({ provider, inspect: createInspectionAdapter(recording.write) });
 * // …
 * await recording.close();
 * ```
 */
export async function recordTo(file: string): Promise<Recording> {
  const out = createWriteStream(file, { flags: 'w', mode: 0o600 });
  // Report a bad path now, not as an unhandled error event later.
  await Promise.race([once(out, 'open'), once(out, 'error').then(([error]) => Promise.reject(error))]);
  let failure: unknown = null;
  out.on('error', (error) => (failure ??= error));
  const header: RecordingHeader = { kind: 'meta', format: RECORDING_FORMAT, version: RECORDING_VERSION, createdAt: new Date().toISOString() };
  out.write(`${JSON.stringify(header)}\n`);
  let count = 0;
  let closed = false;
  return {
    file,
    write(record, json) {
      if (closed) return;
      count++;
      out.write(`${json ?? JSON.stringify(record)}\n`);
    },
    get count() {
      return count;
    },
    async close() {
      if (closed) return;
      closed = true;
      await new Promise<void>((resolve) => out.end(resolve));
      if (failure) throw failure;
    },
  };
}
