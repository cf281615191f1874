import type { SwitchboardOptions } from '@switchboard/core';
import { secretsOf } from '../cli/redactOutput.js';
import type { CommandIO } from '../cli/types.js';
import { nonNegativeInteger } from '../cli/flagValues.js';
import { UsageError } from '../cli/UsageError.js';
import { untilInterrupted } from './untilInterrupted.js';

/** What `--inspect` and `--record` opened for one command. */
export interface Inspection {
  /** The live page's URL (with its token), when `--inspect` was given. */
  readonly url?: string;
  /** Spread into `createBoard`'s extras: `{ inspect }` when a flag was given, else nothing. */
  readonly extras: { readonly inspect?: NonNullable<SwitchboardOptions['inspect']> };
  /**
   * Call when the command's work is done: closes the recording, and with `--inspect` and
   * `hold` says so and keeps serving the page until Ctrl+C, then stops the server.
   */
  finish(options: { readonly hold: boolean }): Promise<void>;
  /** Runs `build` (opening a database, making the board); if it throws, closes everything first, so a failed start never leaves the server running. */
  guard<T>(build: () => T | Promise<T>): Promise<T>;
}

const NOTHING: Inspection = { extras: {}, finish: async () => {}, guard: async (build) => build() };

const cannotWrite = (file: string, error: NodeJS.ErrnoException) => {
  const why =
    error.code === 'ENOENT' ? 'its directory does not exist'
    : error.code === 'EACCES' ? 'permission denied'
    : error.code === 'EISDIR' ? 'it is a directory'
    : error.message;
  return new UsageError(`cannot write the recording ${file}: ${why}`);
};

/**
 * Opens what the inspection flags ask for: the live inspector (its URL printed on stderr,
 * so `run --json` keeps stdout pure JSON) and the recording. Everything is sanitised with
 * the environment's API keys as secrets. The inspector package is loaded only when asked for.
 *
 * @throws UsageError when the recording cannot be created
 * @example
 * ```ts
 * const inspection = await openInspection('run', values, io);
 * const { board } = await inspection.guard(() => createBoard(choice, base, simulated, io.env, inspection.extras));
 * try { await work(board); } finally { board.stop(); await inspection.finish({ hold: true }); }
 * ```
 */
export async function openInspection(
  command: string,
  values: { readonly inspect?: boolean | undefined; readonly record?: string | undefined; readonly 'inspect-text-limit'?: string | undefined },
  io: CommandIO,
): Promise<Inspection> {
  const file = values.record;
  if (file === '') throw new UsageError('--record needs a file name');
  const limit = values['inspect-text-limit'];
  const maxTextChars = limit === undefined ? 200 : nonNegativeInteger('--inspect-text-limit', limit);
  if (!values.inspect && file === undefined) {
    if (limit !== undefined) throw new UsageError('--inspect-text-limit goes with --inspect or --record');
    return NOTHING;
  }
  const { createInspectionAdapter, recordTo, startInspector } = await import('@switchboard/inspector');
  let recording;
  try {
    recording = file === undefined ? undefined : await recordTo(file);
  } catch (error) {
    throw cannotWrite(file!, error as NodeJS.ErrnoException);
  }
  const secrets = secretsOf(io.env);
  const inspector = values.inspect ? await startInspector({ title: `switchboard ${command}` }) : undefined;
  if (inspector) io.stderr.write(`inspector: ${inspector.url}\n`);
  const sinks = [...(inspector ? [inspector.publish] : []), ...(recording ? [recording.write] : [])];
  let finished = false;
  const inspection: Inspection = {
    ...(inspector ? { url: inspector.url } : {}),
    extras: { inspect: createInspectionAdapter(sinks, { secrets, maxTextChars }) },
    async guard(build) {
      try {
        return await build();
      } catch (error) {
        await inspection.finish({ hold: false });
        throw error;
      }
    },
    async finish({ hold }) {
      if (finished) return;
      finished = true;
      await recording?.close();
      if (recording) io.stderr.write(`recorded ${recording.count} inspection records to ${recording.file}\n`);
      if (!inspector) return;
      if (hold) {
        io.stderr.write(`inspector: still serving ${inspector.url} — press Ctrl+C to stop\n`);
        await untilInterrupted();
      }
      await inspector.close();
    },
  };
  return inspection;
}
