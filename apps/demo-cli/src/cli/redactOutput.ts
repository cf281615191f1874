import type { CommandIO, OutputStream } from './types.js';

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
  const hidden = secrets.filter((s): s is string => s !== undefined && s.length >= MIN_SECRET_LENGTH);
  if (hidden.length === 0) return io;
  const clean = (text: string) => hidden.reduce((out, secret) => out.split(secret).join('[redacted]'), text);
  const wrap = (stream: OutputStream): OutputStream => ({
    write: (text: string) => stream.write(clean(text)),
    ...(stream.isTTY === undefined ? {} : { isTTY: stream.isTTY }),
    ...(stream.columns === undefined ? {} : { columns: stream.columns }),
  });
  return { ...io, stdout: wrap(io.stdout), stderr: wrap(io.stderr) };
}
