/**
 * Command line entry: runs the mock server until interrupted, for manual testing and for
 * test suites written in other languages.
 *
 * @example
 * ```sh
 * node --import tsx packages/mock-server/src/cli.ts --port 8080 --tokens 200 --faults "429:2,drop:5,ok"
 * MOCK_SERVER_API_KEY=secret node --import tsx packages/mock-server/src/cli.ts
 * ```
 */
import { parseArgs } from 'node:util';
import { parseFaultScript } from './faultScript.js';
import { startMockServer } from './startMockServer.js';
import type { MockServerOptions } from './types.js';

const USAGE = `usage: mock-server [--host 127.0.0.1|localhost] [--port N] [--tokens N] [--seed N]
  [--tokens-per-second N|Infinity] [--first-token-ms N] [--models a,b] [--instruct-overlap-words N]
  [--faults "429:2,500,drop:5,stall:3,malformed:4,ok"]
The API key, if any, is read from MOCK_SERVER_API_KEY (never from the command line, so it
does not show up in process listings).`;

const { values } = parseArgs({
  options: {
    host: { type: 'string' },
    port: { type: 'string' },
    tokens: { type: 'string' },
    seed: { type: 'string' },
    'tokens-per-second': { type: 'string' },
    'first-token-ms': { type: 'string' },
    models: { type: 'string' },
    'instruct-overlap-words': { type: 'string' },
    faults: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

const number = (name: string, text: string | undefined): number | undefined => {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (Number.isNaN(value)) {
    console.error(`--${name}: not a number: ${text}\n${USAGE}`);
    process.exit(2);
  }
  return value;
};

const options: MockServerOptions = {
  ...(values.host === undefined ? {} : { host: values.host }),
  ...(values.port === undefined ? {} : { port: number('port', values.port)! }),
  ...(values.tokens === undefined ? {} : { tokens: number('tokens', values.tokens)! }),
  ...(values.seed === undefined ? {} : { seed: number('seed', values.seed)! }),
  ...(values['tokens-per-second'] === undefined
    ? {}
    : { tokensPerSecond: number('tokens-per-second', values['tokens-per-second'])! }),
  ...(values['first-token-ms'] === undefined ? {} : { firstTokenMs: number('first-token-ms', values['first-token-ms'])! }),
  ...(values['instruct-overlap-words'] === undefined
    ? {}
    : { instructOverlapWords: number('instruct-overlap-words', values['instruct-overlap-words'])! }),
  ...(values.models === undefined ? {} : { models: values.models.split(',').map((m) => m.trim()) }),
  ...(process.env.MOCK_SERVER_API_KEY ? { apiKey: process.env.MOCK_SERVER_API_KEY } : {}),
};

try {
  const server = await startMockServer({
    ...options,
    ...(values.faults === undefined ? {} : { faults: parseFaultScript(values.faults) }),
  });
  console.log(`mock-server listening on ${server.baseURL}${options.apiKey ? ' (API key required)' : ''}`);
  const stop = (): void => {
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  console.error(`mock-server: ${(error as Error).message}`);
  process.exit(2);
}
