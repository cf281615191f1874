import { UsageError } from './UsageError.js';

const got = (value: string) => `got ${JSON.stringify(value)}`;

/**
 * Reads a flag that must be a positive integer, up to `max`.
 *
 * @throws UsageError such as `--concurrency must be a positive integer, got "x"`
 * @example
 * ```ts
 * positiveInteger('--concurrency', values.concurrency ?? '1');
 * ```
 */
export function positiveInteger(flag: string, value: string, max = Number.MAX_SAFE_INTEGER): number {
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(n >= 1)) throw new UsageError(`${flag} must be a positive integer, ${got(value)}`);
  if (n > max) throw new UsageError(`${flag} must be at most ${max}, ${got(value)}`);
  return n;
}

/**
 * Reads a flag that must be a whole number, 0 or more.
 *
 * @throws UsageError naming the flag and the value
 * @example
 * ```ts
 * nonNegativeInteger('--first-token-ms', '250'); // 250
 * ```
 */
export function nonNegativeInteger(flag: string, value: string): number {
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n)) throw new UsageError(`${flag} must be a whole number (0 or more), ${got(value)}`);
  return n;
}

/**
 * Reads a flag that must be an integer, negative allowed (a seed).
 *
 * @throws UsageError naming the flag and the value
 * @example
 * ```ts
 * integer('--seed', '-3'); // -3
 * ```
 */
export function integer(flag: string, value: string): number {
  const n = /^-?\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n)) throw new UsageError(`${flag} must be an integer, ${got(value)}`);
  return n;
}

/**
 * Reads a flag that must be a finite number greater than 0 (a rate).
 *
 * @throws UsageError naming the flag and the value
 * @example
 * ```ts
 * positiveNumber('--rate', '12.5'); // 12.5
 * ```
 */
export function positiveNumber(flag: string, value: string): number {
  // Number('') is 0 and Number('0x10') is 16: accept plain decimals only.
  const n = /^\d*\.?\d+(e[+-]?\d+)?$/i.test(value) ? Number(value) : NaN;
  if (!(n > 0) || !Number.isFinite(n)) throw new UsageError(`${flag} must be a positive number, ${got(value)}`);
  return n;
}

/**
 * Reads a flag that must be one of a few words.
 *
 * @throws UsageError listing the allowed words
 * @example
 * ```ts
 * oneOf('--clock', 'virtual', ['real', 'virtual'] as const); // 'virtual'
 * ```
 */
export function oneOf<const T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`${flag} must be ${allowed.map((a) => `"${a}"`).join(' or ')}, ${got(value)}`);
  }
  return value as T;
}
