const SIGNALS = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;

/**
 * Runs `cleanup` once if the process is interrupted (Ctrl+C, `kill`, a closed terminal),
 * then exits with the shell's status for the signal (130, 143, 129). With a database open,
 * the cleanup stops the board (which writes every partial) and closes the store, so an
 * interrupted answer resumes from where it was rather than from the last timed write.
 *
 * @returns a function that removes the handlers (call it when the command ends normally)
 * @example
 * ```ts
 * const release = onInterrupt(() => { board.stop(); store.close(); });
 * try { await work(); } finally { release(); }
 * ```
 */
export function onInterrupt(
  cleanup: () => void,
  exit: (code: number) => void = (code) => process.exit(code),
  // Injectable so that tests can raise a "signal" without touching the test runner's own handlers.
  signals: Pick<NodeJS.EventEmitter, 'on' | 'off'> = process,
): () => void {
  const handlers = Object.entries(SIGNALS).map(([signal, code]) => {
    const handler = () => {
      release();
      try {
        cleanup();
      } finally {
        exit(code);
      }
    };
    signals.on(signal, handler);
    return [signal, handler] as const;
  });
  const release = () => {
    for (const [signal, handler] of handlers) signals.off(signal, handler);
  };
  return release;
}
