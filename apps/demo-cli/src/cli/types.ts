/** What a command writes to: the process's streams, or a buffer in tests. */
export interface OutputStream {
  write(text: string): unknown;
  /** Only a terminal gets colour. */
  readonly isTTY?: boolean;
  /** Terminal width, when known. */
  readonly columns?: number;
}

/** Where a command reads its environment and writes its output; injected so commands can be tested in-process. */
export interface CommandIO {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  readonly env: NodeJS.ProcessEnv;
}

/** A subcommand of `switchboard`. */
export interface Command {
  readonly name: string;
  /** Runs with the arguments after the command name; resolves with the exit code. */
  run(args: readonly string[], io: CommandIO): Promise<number>;
}
