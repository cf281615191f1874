import type { CommandIO, OutputStream } from './types.js';

/** The environment variables that hold secrets the CLI must never show. */
export const secretsOf = (env: NodeJS.ProcessEnv): Array<string | undefined> => [env['OPENAI_API_KEY'], env['MOCK_SERVER_API_KEY']];

/** Shorter values are not worth hiding: they would only mangle ordinary text. */
const MIN_SECRET_LENGTH = 8;

/**
 * The same streams, with every occurrence of the given secrets replaced by `[redacted]`
 * before it is written. A safety net: nothing the CLI prints should contain an API key in
 * the first place, but a server may echo one in an error, or a model in its answer.
 *
 * @example
 * ```ts
 * const safe = redactOutput(io, [io.env.OPENAI_API_KEY]);
 * safe.stderr.write(`key ${io.env.OPENAI_API_KEY}`); // "key [redacted]"
 * ```
 */
export function redactOutput(io: CommandIO, secrets: ReadonlyArray<string | undefined>): CommandIO {
  const clean = secretRedactor(secrets);
  if (!clean) return io;
  const wrap = (stream: OutputStream): OutputStream => ({
    write: (text: string) => stream.write(clean(text)),
    ...(stream.isTTY === undefined ? {} : { isTTY: stream.isTTY }),
    ...(stream.columns === undefined ? {} : { columns: stream.columns }),
  });
  return { ...io, stdout: wrap(io.stdout), stderr: wrap(io.stderr) };
}

/**
 * A function that replaces every occurrence of the given secrets with `[redacted]`, or
 * null when none is long enough to be worth hiding. Also used where output bypasses the
 * redacted streams (the chat draws through ink).
 *
 * @example
 * ```ts
 * secretRedactor([env.OPENAI_API_KEY])?.(text);
 * ```
 */
export function secretRedactor(secrets: ReadonlyArray<string | undefined>): ((text: string) => string) | null {
  const hidden = secrets.filter((s): s is string => s !== undefined && s.length >= MIN_SECRET_LENGTH);
  if (hidden.length === 0) return null;
  return (text) => hidden.reduce((out, secret) => out.split(secret).join('[redacted]'), text);
}
