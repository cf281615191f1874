import { MAX_TOKENS } from '../provider/readSimulatedFlags.js';
import type { FaultStep, MockServer, MockServerOptions, RecordedRequest } from '@switchboard/mock-server';
import { integer, nonNegativeInteger, positiveInteger, positiveNumber } from '../cli/flagValues.js';
import { parseFlags } from '../cli/parseFlags.js';
import type { Command, CommandIO, OutputStream } from '../cli/types.js';
import { UsageError } from '../cli/UsageError.js';
import { plural } from '../output/text.js';

const HELP = `Usage: switchboard mock-server [flags]

Starts a fault-injecting, OpenAI-compatible chat completions server on 127.0.0.1 (and
only there), to try "--provider openai" without a real model. Its answers are the
simulated provider's for the same conversation, --tokens and --seed, so a preempted and
resumed answer can be compared with an uninterrupted one. It understands every
continuation strategy: vLLM's continue_final_message, DeepSeek's prefix, and the
instruct prompt (after which it repeats a few words of the partial, as real models do).

It prints its base URL (e.g. http://127.0.0.1:43123/v1) as the first line on stdout,
then logs one line per request on stderr: its number, model, continuation style, fault
and how it ended. It runs until Ctrl-C (SIGINT) or SIGTERM.

Flags:
  --port N              port on 127.0.0.1 (default 0: a free port, chosen by the system)
  --tokens N            tokens per answer (default 48)
  --rate N              tokens per second while streaming (default 40)
  --first-token-ms N    delay before the first token of every request (default 250)
  --seed N              varies the answers (default 0)
  --faults SCRIPT       what the next chat requests get, in order (default: all answered)
  --models a,b          the only models served; others get 404 (default: any model)
  -h, --help            show this help
The defaults are the simulated provider's, so "run" and "demo" behave alike on both.

Fault script: comma-separated items, one per chat request in arrival order; requests
after the last item are answered normally. A request refused for its key, body or model
takes no item.
  ok             answer normally
  429, 500, ...  answer with this HTTP status (any from 400 to 599), OpenAI-style body
  429:2          the same, with "Retry-After: 2" (seconds)
  drop:K         send K tokens, then cut the connection
  stall:K        send K tokens, then go silent with the connection open (the client's
                 --stall-timeout-ms decides when to give up on it)
  malformed:K    send K tokens, then a chunk that is not valid JSON
  Example: --faults "429:1,drop:5,ok,500"

Environment:
  MOCK_SERVER_API_KEY   when set, every request must carry this key (Authorization:
                        Bearer ...), else it gets 401; set OPENAI_API_KEY to the same value
                        in the client. Never printed or logged. Unset: no key needed.

Example, in two shells:
  switchboard mock-server --port 8080
  OPENAI_BASE_URL=http://127.0.0.1:8080/v1 switchboard run apps/demo-cli/examples/preempt.scenario --provider openai

Exit status: 0 once stopped by SIGINT or SIGTERM; 2 for a bad flag or a port in use.
`;

const FLAGS = {
  port: { type: 'string' },
  tokens: { type: 'string' },
  rate: { type: 'string' },
  'first-token-ms': { type: 'string' },
  seed: { type: 'string' },
  faults: { type: 'string' },
  models: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const MAX_MODEL_CHARS = 80;

/** A fault step in the script's own notation: `ok`, `429`, `429:2`, `drop:5`. */
export function formatFault(fault: FaultStep): string {
  switch (fault.kind) {
    case 'ok':
      return 'ok';
    case 'status':
      return fault.retryAfterSeconds === undefined ? String(fault.status) : `${fault.status}:${fault.retryAfterSeconds}`;
    default:
      return `${fault.kind}:${fault.afterChunks}`;
  }
}

/**
 * One log line for a request that has ended, e.g.
 * `#3 model "gpt-4o-mini" continuation instruct (partial 120 chars) fault ok: finished, 48 chunks in 1203 ms`.
 * Built from the recorded fields only: the server never records the Authorization header.
 */
export function formatRequestLine(request: RecordedRequest): string {
  const model = request.model.length > MAX_MODEL_CHARS ? `${request.model.slice(0, MAX_MODEL_CHARS)}…` : request.model;
  const partial = request.continuation === 'none' ? '' : ` (partial ${plural(request.prefix.length, 'char')})`;
  const ms = request.endedAt === undefined ? '' : ` in ${Math.round(request.endedAt - request.startedAt)} ms`;
  return (
    `#${request.index} model ${JSON.stringify(model)} continuation ${request.continuation}${partial} ` +
    `fault ${formatFault(request.fault)}: ${request.state}, ${plural(request.chunksSent, 'chunk')}${ms}`
  );
}

/**
 * Writes a line for every request once it has ended. The server re-checks `waitFor`
 * predicates on every request event, so a predicate that never holds sees them all.
 */
function logRequests(server: MockServer, out: OutputStream): void {
  const open = new Set<number>();
  let seen = 0;
  server
    .waitFor((requests) => {
      for (; seen < requests.length; seen++) open.add(seen);
      for (const index of open) {
        const request = requests[index]!;
        if (request.state === 'streaming') continue;
        open.delete(index);
        out.write(`mock-server: ${formatRequestLine(request)}\n`);
      }
      return false;
    })
    // Rejected once the server has closed: nothing left to log.
    .catch(() => {});
}

function readModels(text: string): string[] {
  const models = text.split(',').map((m) => m.trim()).filter((m) => m !== '');
  if (models.length === 0) throw new UsageError('--models needs at least one model name, e.g. --models gpt-4o-mini,mock');
  return models;
}

function readFaults(parse: (text: string) => FaultStep[], text: string): FaultStep[] {
  try {
    return parse(text);
  } catch (error) {
    if (error instanceof SyntaxError) throw new UsageError(`--faults: ${error.message} (see "switchboard mock-server --help")`);
    throw error;
  }
}

/** Resolves with the signal that asked the process to stop. */
function untilStopped(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** `switchboard mock-server`: the fault-injecting OpenAI-compatible server, until interrupted. */
export const mockServerCommand: Command = {
  name: 'mock-server',

  async run(args: readonly string[], io: CommandIO): Promise<number> {
    // Never printed or logged (main also hides it from anything written, as a safety net).
    const serverKey = io.env['MOCK_SERVER_API_KEY'] || undefined;
    const { values, positionals } = parseFlags('mock-server', args, FLAGS, false);
    if (values.help) {
      io.stdout.write(HELP);
      return 0;
    }
    if (positionals.length > 0) throw new UsageError(`"switchboard mock-server" takes no arguments, got "${positionals[0]}"`);
    const port = nonNegativeInteger('--port', values.port ?? '0');
    if (port > 65_535) throw new UsageError(`--port must be at most 65535, got ${JSON.stringify(values.port)}`);
    const tokens = positiveInteger('--tokens', values.tokens ?? '48', MAX_TOKENS);
    const rate = positiveNumber('--rate', values.rate ?? '40');
    const firstTokenMs = nonNegativeInteger('--first-token-ms', values['first-token-ms'] ?? '250');
    const seed = integer('--seed', values.seed ?? '0');
    const models = values.models === undefined ? undefined : readModels(values.models);
    const { parseFaultScript, startMockServer } = await import('@switchboard/mock-server');
    const faults = values.faults === undefined ? [] : readFaults(parseFaultScript, values.faults);
    const options: MockServerOptions = {
      host: '127.0.0.1',
      port,
      tokens,
      tokensPerSecond: rate,
      firstTokenMs,
      seed,
      faults,
      ...(models === undefined ? {} : { models }),
      ...(serverKey === undefined ? {} : { apiKey: serverKey }),
    };

    let server: MockServer;
    try {
      server = await startMockServer(options);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE') throw new UsageError(`port ${port} is in use: pick another with --port, or --port 0 for any free one`);
      if (code === 'EACCES') throw new UsageError(`not allowed to listen on port ${port}: pick one above 1023`);
      throw new UsageError(`cannot start the mock server: ${(error as Error).message}`);
    }
    // In the same tick as the listening: no signal can arrive in between.
    const stopped = untilStopped();
    logRequests(server, io.stderr);

    // The URL alone on stdout's first line, for scripts; everything for people goes to stderr.
    io.stdout.write(`${server.baseURL}\n`);
    const answers = `${plural(tokens, 'token')} at ${rate} tokens/s, first token after ${firstTokenMs} ms, seed ${seed}`;
    io.stderr.write(
      [
        `mock-server: OpenAI-compatible server listening on ${server.baseURL}`,
        `  answers: ${answers}; models: ${models === undefined ? 'any' : models.join(', ')}`,
        `  faults: ${faults.length === 0 ? 'none' : faults.map(formatFault).join(',')}`,
        serverKey === undefined
          ? '  no API key needed'
          : '  requests need the key in MOCK_SERVER_API_KEY: give the client the same value as OPENAI_API_KEY',
        'Point the CLI at it from another shell:',
        `  OPENAI_BASE_URL=${server.baseURL} switchboard run apps/demo-cli/examples/preempt.scenario --provider openai`,
        `  OPENAI_BASE_URL=${server.baseURL} switchboard demo --provider openai`,
        'Stop it with Ctrl-C.',
        '',
      ].join('\n'),
    );

    const signal = await stopped;
    io.stderr.write(`mock-server: ${signal}: stopping after ${plural(server.requests.length, 'request')}\n`);
    await server.close();
    return 0;
  },
};
