/** The flags `demo`, `run` and `chat` share for inspection: spread into a command's flags. */
export const INSPECT_FLAGS = {
  inspect: { type: 'boolean' },
  record: { type: 'string' },
  'inspect-text-limit': { type: 'string' },
} as const;

/** Their help, for a command's help text. */
export const INSPECT_HELP = `Inspection (works offline; nothing leaves 127.0.0.1):
  --inspect              open the live inspector: a page on 127.0.0.1 whose URL, with a
                         secret token, is printed on stderr. It shows the actors and their
                         states, the statecharts, who sent what to whom (grants and
                         interrupts stand out), the queue, the answers so far, and lets
                         you pause and step through the history
  --record FILE          write the inspection records to FILE as JSON lines (mode 0600);
                         replay them with "switchboard inspect FILE"
  --inspect-text-limit N  cut every text in the records (messages, answers so far) to its
                         first N characters and a "…" (default 200); API keys never
                         appear in them`;
