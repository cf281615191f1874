import type { InspectionRecord } from '../records/InspectionRecord.js';

const KINDS = new Set(['actor', 'event', 'transition', 'snapshot']);
const STATUSES = new Set(['active', 'done', 'error', 'stopped']);

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isStateValue = (value: unknown): boolean =>
  typeof value === 'string' || (isObject(value) && Object.values(value).every(isStateValue));
const describe = (value: unknown) => (value === undefined ? 'nothing' : JSON.stringify(value).slice(0, 40));

/**
 * Checks that a parsed JSON value is an inspection record, and says what is wrong if not
 * (one short phrase, for a `file:line:` message).
 *
 * @returns the record, or the problem as a string
 * @example
 * ```ts
 * const checked = parseRecord(JSON.parse(line));
 * if (typeof checked === 'string') throw new RecordingError(`${file}:${n}: ${checked}`);
 * ```
 */
export function parseRecord(value: unknown): InspectionRecord | string {
  if (!isObject(value)) return `expected a record (a JSON object), got ${describe(value)}`;
  const { kind, seq, at, actor } = value;
  if (typeof kind !== 'string' || !KINDS.has(kind)) return `"kind" must be one of ${[...KINDS].join(', ')}, got ${describe(kind)}`;
  if (!(Number.isInteger(seq) && (seq as number) > 0)) return `"seq" must be a positive whole number, got ${describe(seq)}`;
  if (!(typeof at === 'number' && Number.isFinite(at))) return `"at" must be a number of milliseconds, got ${describe(at)}`;
  if (typeof actor !== 'string' || actor === '') return `"actor" must be an actor's name, got ${describe(actor)}`;
  switch (kind) {
    case 'actor':
      if (!(value['parent'] === null || typeof value['parent'] === 'string')) return `"parent" must be a name or null, got ${describe(value['parent'])}`;
      if (!(value['machine'] === null || typeof value['machine'] === 'string')) return `"machine" must be a machine id or null, got ${describe(value['machine'])}`;
      break;
    case 'event': {
      if (!(value['source'] === null || typeof value['source'] === 'string')) return `"source" must be a name or null, got ${describe(value['source'])}`;
      const event = value['event'];
      if (!isObject(event) || typeof event['type'] !== 'string') return `"event" must be an object with a "type", got ${describe(event)}`;
      break;
    }
    case 'transition':
      if (!isStateValue(value['to'])) return `"to" must be a state value, got ${describe(value['to'])}`;
      if (!(value['from'] === null || isStateValue(value['from']))) return `"from" must be a state value or null, got ${describe(value['from'])}`;
      if (typeof value['event'] !== 'string') return `"event" must be an event type, got ${describe(value['event'])}`;
      break;
    case 'snapshot': {
      if (typeof value['event'] !== 'string') return `"event" must be an event type, got ${describe(value['event'])}`;
      if (typeof value['status'] !== 'string' || !STATUSES.has(value['status'])) {
        return `"status" must be one of ${[...STATUSES].join(', ')}, got ${describe(value['status'])}`;
      }
      if (!(value['state'] === null || isStateValue(value['state']))) return `"state" must be a state value or null, got ${describe(value['state'])}`;
      const summary = value['summary'];
      if (summary !== undefined && !(isObject(summary) && typeof summary['kind'] === 'string')) {
        return `"summary" must be an object with a "kind", got ${describe(summary)}`;
      }
      break;
    }
  }
  return value as unknown as InspectionRecord;
}
