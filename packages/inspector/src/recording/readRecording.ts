import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { InspectionRecord } from '../records/InspectionRecord.js';
import { parseRecord } from './parseRecord.js';
import { RECORDING_FORMAT, RECORDING_VERSION } from './recordingFormat.js';
import { RecordingError } from './RecordingError.js';

const fileProblem = (file: string, error: NodeJS.ErrnoException): RecordingError => {
  switch (error.code) {
    case 'ENOENT':
      return new RecordingError(`recording not found: ${file}`);
    case 'EACCES':
      return new RecordingError(`cannot read recording ${file}: permission denied`);
    default:
      return new RecordingError(`cannot read recording ${file}: ${error.message}`);
  }
};

/**
 * Reads a recording written by {@link recordTo}, line by line (a long recording is never
 * held as one string), checking every line.
 *
 * @throws RecordingError with `file:line: what is wrong` for a bad line; `recording not found: file` for a missing file
 * @example
 * ```ts
 * for (const record of await readRecording('run.jsonl')) console.log(record.seq, record.kind, record.actor);
 * ```
 */
export async function readRecording(file: string): Promise<InspectionRecord[]> {
  try {
    if ((await stat(file)).isDirectory()) throw new RecordingError(`${file} is a directory, not a recording`);
  } catch (error) {
    if (error instanceof RecordingError) throw error;
    throw fileProblem(file, error as NodeJS.ErrnoException);
  }
  const input = createReadStream(file, { encoding: 'utf8' });
  let opened: NodeJS.ErrnoException | null = null;
  input.on('error', (error) => (opened = error));
  const lines = createInterface({ input, crlfDelay: Infinity });
  const records: InspectionRecord[] = [];
  let n = 0;
  let sawHeader = false;
  let lastSeq = 0;
  try {
    for await (const line of lines) {
      n++;
      if (line.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (error) {
        throw new RecordingError(`${file}:${n}: not JSON (${(error as Error).message})`);
      }
      if (!sawHeader) {
        const header = value as { kind?: unknown; format?: unknown; version?: unknown };
        if (header?.kind !== 'meta' || header.format !== RECORDING_FORMAT) {
          throw new RecordingError(`${file}:${n}: not a Switchboard inspection recording (the first line should be {"kind":"meta","format":"${RECORDING_FORMAT}",…})`);
        }
        if (header.version !== RECORDING_VERSION) {
          throw new RecordingError(`${file}:${n}: recording format version ${JSON.stringify(header.version)} is not supported (this switchboard reads version ${RECORDING_VERSION})`);
        }
        sawHeader = true;
        continue;
      }
      const record = parseRecord(value);
      if (typeof record === 'string') throw new RecordingError(`${file}:${n}: ${record}`);
      if (record.seq <= lastSeq) throw new RecordingError(`${file}:${n}: "seq" ${record.seq} does not follow ${lastSeq}: records are out of order`);
      lastSeq = record.seq;
      records.push(record);
    }
  } catch (error) {
    if (error instanceof RecordingError) throw error;
    throw fileProblem(file, error as NodeJS.ErrnoException);
  } finally {
    lines.close();
    input.destroy();
  }
  if (opened) throw fileProblem(file, opened);
  if (!sawHeader) throw new RecordingError(`${file} is empty: not a recording`);
  return records;
}
