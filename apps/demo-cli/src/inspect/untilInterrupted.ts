const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Resolves when the user presses Ctrl+C (or the process gets SIGTERM or SIGHUP), and then
 * lets those signals behave as usual again. While it waits, the signal does not kill the
 * process: the caller closes what it opened and returns.
 *
 * @example
 * ```ts
 * io.stderr.write('press Ctrl+C to stop\n');
 * await untilInterrupted();
 * await inspector.close();
 * ```
 */
export function untilInterrupted(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      for (const signal of SIGNALS) process.off(signal, stop);
      resolve();
    };
    for (const signal of SIGNALS) process.on(signal, stop);
  });
}
