import type { FaultStep } from './types.js';

const CHUNK_FAULTS = new Set(['drop', 'stall', 'malformed']);

/**
 * Checks one fault step and returns a frozen copy, so a script handed to the server
 * cannot be changed behind its back and a typo fails at `script()` rather than mid-test.
 *
 * @throws TypeError naming the bad field.
 * @example
 * ```ts
 * validateFaultStep({ kind: 'drop', afterChunks: 5 }); // { kind: 'drop', afterChunks: 5 }
 * validateFaultStep({ kind: 'status', status: 200 });  // throws: status must be 400-599
 * ```
 */
export function validateFaultStep(step: FaultStep): FaultStep {
  const where = `fault step ${JSON.stringify(step)}`;
  switch (step?.kind) {
    case 'ok':
      return Object.freeze({ kind: 'ok' });
    case 'status': {
      const { status, retryAfterSeconds } = step;
      if (!Number.isInteger(status) || status < 400 || status > 599) {
        throw new TypeError(`${where}: status must be an integer from 400 to 599`);
      }
      if (retryAfterSeconds === undefined) return Object.freeze({ kind: 'status', status });
      if (!Number.isFinite(retryAfterSeconds) || retryAfterSeconds < 0) {
        throw new TypeError(`${where}: retryAfterSeconds must be a non-negative number`);
      }
      return Object.freeze({ kind: 'status', status, retryAfterSeconds });
    }
    case 'drop':
    case 'stall':
    case 'malformed':
      if (!Number.isInteger(step.afterChunks) || step.afterChunks < 0) {
        throw new TypeError(`${where}: afterChunks must be a non-negative integer`);
      }
      return Object.freeze({ kind: step.kind, afterChunks: step.afterChunks });
    default:
      throw new TypeError(`${where}: kind must be ok, status, drop, stall or malformed`);
  }
}

/**
 * Parses the CLI's compact fault script: comma-separated items, each `ok`, a status
 * (`400`, `429`, `500`, `502`, `503`, any 4xx/5xx), a status with a Retry-After in seconds
 * (`429:2`), or `drop:K`, `stall:K`, `malformed:K` (after K content chunks).
 * Blank input gives an empty script.
 *
 * @throws SyntaxError naming the bad item and its position.
 * @example
 * ```ts
 * parseFaultScript('429:2,500,drop:5,ok');
 * // [{ kind: 'status', status: 429, retryAfterSeconds: 2 }, { kind: 'status', status: 500 },
 * //  { kind: 'drop', afterChunks: 5 }, { kind: 'ok' }]
 * ```
 */
export function parseFaultScript(text: string): FaultStep[] {
  if (text.trim() === '') return [];
  return text.split(',').map((raw, i) => {
    const item = raw.trim();
    const fail = (why: string): never => {
      throw new SyntaxError(`fault script item ${i + 1} "${item}": ${why}`);
    };
    if (item === 'ok') return { kind: 'ok' };
    const [head = '', arg, ...extra] = item.split(':');
    if (extra.length > 0) fail('too many ":"');
    if (/^\d+$/.test(head)) {
      const status = Number(head);
      if (status < 400 || status > 599) fail('status must be from 400 to 599');
      if (arg === undefined) return { kind: 'status', status };
      if (!/^\d+(\.\d+)?$/.test(arg)) fail('Retry-After must be a number of seconds, e.g. 429:2');
      return { kind: 'status', status, retryAfterSeconds: Number(arg) };
    }
    if (CHUNK_FAULTS.has(head)) {
      if (arg === undefined || !/^\d+$/.test(arg)) fail(`${head} needs a chunk count, e.g. ${head}:5`);
      return { kind: head as 'drop' | 'stall' | 'malformed', afterChunks: Number(arg) };
    }
    return fail('expected ok, a 4xx/5xx status (optionally status:seconds), drop:K, stall:K or malformed:K');
  });
}
