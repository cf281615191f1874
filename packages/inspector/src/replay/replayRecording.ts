import { basename } from 'node:path';
import { readRecording } from '../recording/readRecording.js';
import { startInspector, type Inspector, type InspectorOptions } from '../server/startInspector.js';

/**
 * Serves a recording in the inspector page, as if it were happening: the same page, the
 * same records in the same order, in replay mode (step through it with the page's controls).
 * The whole file is checked before the server starts, so a bad line fails at once.
 *
 * @throws RecordingError for a missing file or a bad line (`file:line: what is wrong`)
 * @example
 * ```ts
 * const inspector = await replayRecording('run.jsonl');
 * console.log(inspector.url);
 * ```
 */
export async function replayRecording(file: string, options: Omit<InspectorOptions, 'mode'> = {}): Promise<Inspector> {
  const records = await readRecording(file);
  const inspector = await startInspector({ title: `Replay of ${basename(file)}`, ...options, mode: 'replay' });
  for (const record of records) inspector.publish(record, JSON.stringify(record));
  return inspector;
}
