import type { JsonValue } from './InspectionRecord.js';

export interface SanitizeOptions {
  /** Longest text kept from any string (a message, a partial answer, an error); the rest is cut. Default 200. */
  readonly maxTextChars?: number;
  /**
   * Values that must never appear (API keys): every occurrence is replaced by `[redacted]`.
   * Unset entries are ignored, and so are values shorter than 4 characters, which would
   * only mangle ordinary text.
   */
  readonly secrets?: ReadonlyArray<string | undefined>;
}

/** Turns arbitrary values into safe JSON. */
export interface Sanitizer {
  readonly maxTextChars: number;
  /** Redacts secrets, then cuts to `maxTextChars` (with `…`). */
  text(value: string): string;
  /** Any value as JSON: texts cut, secrets redacted, credentials dropped, actor refs named. */
  value(value: unknown): JsonValue;
  /** A last pass over serialised JSON, in case a secret came in some other way. */
  json(serialised: string): string;
}

export const DEFAULT_MAX_TEXT_CHARS = 200;
const MIN_SECRET_LENGTH = 4;
const MAX_DEPTH = 6;
const MAX_ITEMS = 50;
const REDACTED = '[redacted]';

/**
 * Keys whose values are never shown, whatever they hold: credentials and the objects that
 * carry them (a provider holds its client and key; options and env hold keys).
 */
const DENIED_KEYS = new Set([
  'apikey', 'api_key', 'authorization', 'proxy-authorization', 'headers', 'cookie', 'set-cookie', 'password',
  'secret', 'credentials', 'accesstoken', 'access_token', 'provider', 'options', 'env', 'client', 'stack',
]);

const isActorRef = (value: object): value is { sessionId: string; id: string } =>
  typeof (value as { send?: unknown }).send === 'function' && typeof (value as { sessionId?: unknown }).sessionId === 'string';

/**
 * A sanitiser for inspection records. Secrets are redacted before texts are cut, so a cut
 * can never leave a secret's prefix behind.
 *
 * @param nameOf names an actor ref found inside a value (an event that carries a session's ref)
 * @example
 * ```ts
 * const clean = createSanitizer({ maxTextChars: 5, secrets: [process.env.OPENAI_API_KEY] });
 * clean.text('Hello, world'); // 'Hello…'
 * clean.value({ apiKey: 'sk-1', text: 'hi' }); // { apiKey: '[redacted]', text: 'hi' }
 * ```
 */
export function createSanitizer(options: SanitizeOptions = {}, nameOf: (ref: object) => string = () => 'actor'): Sanitizer {
  const maxTextChars = options.maxTextChars ?? DEFAULT_MAX_TEXT_CHARS;
  if (!(Number.isInteger(maxTextChars) && maxTextChars >= 0)) {
    throw new TypeError(`maxTextChars must be a whole number of characters (0 or more), got ${String(maxTextChars)}`);
  }
  // Longest first, so a secret that contains another is redacted whole.
  const secrets = [...new Set((options.secrets ?? []).filter((s): s is string => typeof s === 'string' && s.length >= MIN_SECRET_LENGTH))]
    .sort((a, b) => b.length - a.length);
  // In JSON a secret with quotes or backslashes is escaped: look for that form as well.
  const escaped = [...new Set(secrets.map((s) => JSON.stringify(s).slice(1, -1)))];

  const redact = (text: string, list: readonly string[]) => {
    let out = text;
    for (const secret of list) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    return out;
  };

  const cut = (text: string) => {
    if (text.length <= maxTextChars) return text;
    let end = maxTextChars;
    // Never split a surrogate pair: half an emoji is not valid text.
    const code = text.charCodeAt(end - 1);
    if (code >= 0xd800 && code <= 0xdbff) end--;
    return `${text.slice(0, end)}…`;
  };

  const text = (value: string) => cut(redact(value, secrets));

  const value = (input: unknown, depth = 0, seen = new WeakSet<object>()): JsonValue => {
    switch (typeof input) {
      case 'string':
        return text(input);
      case 'number':
        return Number.isFinite(input) ? input : String(input);
      case 'boolean':
        return input;
      case 'bigint':
        return String(input);
      case 'object':
        break;
      default:
        return null; // undefined, functions, symbols
    }
    if (input === null) return null;
    if (isActorRef(input)) return { $actor: nameOf(input) };
    if (seen.has(input)) return '[circular]';
    if (depth >= MAX_DEPTH) return '[…]';
    seen.add(input);
    try {
      if (Array.isArray(input)) {
        const items = input.slice(0, MAX_ITEMS).map((item) => value(item, depth + 1, seen));
        if (input.length > MAX_ITEMS) items.push(`… ${input.length - MAX_ITEMS} more`);
        return items;
      }
      if (input instanceof Map || input instanceof Set) return { $type: input.constructor.name, size: input.size };
      const out: Record<string, JsonValue> = {};
      if (input instanceof Error) {
        out['name'] = text(input.name);
        out['message'] = text(input.message);
      }
      let count = 0;
      for (const key of Object.keys(input)) {
        if (count++ >= MAX_ITEMS) {
          out['…'] = `${Object.keys(input).length - MAX_ITEMS} more keys`;
          break;
        }
        const safeKey = redact(key, secrets);
        if (DENIED_KEYS.has(key.toLowerCase())) {
          out[safeKey] = REDACTED;
          continue;
        }
        const item = (input as Record<string, unknown>)[key];
        if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
        out[safeKey] = value(item, depth + 1, seen);
      }
      return out;
    } finally {
      seen.delete(input);
    }
  };

  return {
    maxTextChars,
    text,
    value: (input) => value(input),
    json: (serialised) => redact(redact(serialised, secrets), escaped),
  };
}
