import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createOpenAIProvider, ProviderError, simulatedReply } from '@switchboard/llm-adapter';
import { startMockServer, type MockServer, type MockServerOptions } from '@switchboard/mock-server';
import { afterAll, describe, expect, it } from 'vitest';
import { redactOutput } from '../src/cli/redactOutput.js';
import type { CommandIO } from '../src/cli/types.js';
import { cli } from './support/inProcess.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const bin = fileURLToPath(new URL('../src/bin.ts', import.meta.url));
const preempt = 'apps/demo-cli/examples/preempt.scenario';

const RESEARCH = 'Summarise the three papers on speculative decoding';
const CHAT = 'What is the capital of Australia?';
// preempt.scenario interrupts research after 700 ms: its answer must still be streaming then.
// 400 tokens at 400 tokens/s take a second, so it is cut at about 280 tokens.
const TOKENS = 400;
const RATE = 400;
const uninterrupted = (question: string, tokens = TOKENS) =>
  simulatedReply([{ role: 'user', content: question }], { tokens, seed: 0 }).join('');

/** Keys that must never show up in anything the CLI prints. */
const CANARY = 'sk-canary-5f0c2e9a7b1d4c36a8e2';
const SERVER_KEY = 'mock-server-key-8d41b7e0c2a9';

// The child sees only the environment each test gives it: nothing of the developer's own.
const {
  NO_COLOR: _noColor, FORCE_COLOR: _forceColor, OPENAI_API_KEY: _key, OPENAI_BASE_URL: _url, OPENAI_MODEL: _model,
  MOCK_SERVER_API_KEY: _serverKey, ...baseEnv
} = process.env;

interface Outcome {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The real `switchboard` command, as the package's bin runs it, from the repository root. */
function switchboard(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', bin, ...args], { cwd: root, env: { ...baseEnv, ...env }, timeout: 30_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

interface JsonReport {
  sessions: Array<{
    id: string;
    state: string;
    messages: Array<{ role: 'user' | 'assistant'; content: string; status?: string }>;
    error?: { kind: string; message: string };
  }>;
  transitions: Array<{ at: number; session: string; from: string; to: string }>;
  stats: { preemptions: number; resumes: number; completions: number; failures: number };
  config: Record<string, unknown>;
}

const servers: MockServer[] = [];
async function mockServer(options: MockServerOptions): Promise<MockServer> {
  const server = await startMockServer({ tokens: TOKENS, tokensPerSecond: RATE, ...options });
  servers.push(server);
  return server;
}
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

const NO_STACK = '    at ';

// Each test has its own server and process: they may run side by side.
describe.concurrent('switchboard run --provider openai, against the mock server', () => {
  it.each([
    ['prefix', 'vllm'],
    ['instruct', 'instruct'],
  ] as const)('--continuation %s: preempts research, resumes it from its partial, and both answers equal the uninterrupted ones', async (continuation, style) => {
    const server = await mockServer({});
    const { code, stdout, stderr } = await switchboard(['run', preempt, '--provider', 'openai', '--json', '--continuation', continuation], {
      OPENAI_BASE_URL: server.baseURL,
    });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as JsonReport;

    const path = report.transitions.filter((t) => t.session === 'research').map((t) => `${t.from}->${t.to}`);
    const from = path.indexOf('streaming->suspended');
    expect(from).toBeGreaterThanOrEqual(0);
    expect(path.slice(from)).toEqual(['streaming->suspended', 'suspended->resuming', 'resuming->streaming', 'streaming->idle']);
    expect(report.stats).toMatchObject({ preemptions: 1, resumes: 1, completions: 2, failures: 0 });

    // The mock's answers are the simulated provider's: the resumed answer must match one never interrupted.
    const research = report.sessions.find((s) => s.id === 'research')!;
    const chat = report.sessions.find((s) => s.id === 'chat')!;
    expect(research.messages).toEqual([
      { role: 'user', content: RESEARCH },
      { role: 'assistant', content: uninterrupted(RESEARCH) },
    ]);
    expect(chat.messages[1]).toEqual({ role: 'assistant', content: uninterrupted(CHAT) });
    expect(research).not.toHaveProperty('error');

    // The server was asked to continue from the partial, with the strategy's own protocol.
    const resumed = server.requests.filter((r) => r.prefix !== '');
    expect(resumed).toHaveLength(1);
    expect(resumed[0]!.continuation).toBe(style);
    expect(resumed[0]!.prefix.length).toBeGreaterThan(0);
    expect(uninterrupted(RESEARCH).startsWith(resumed[0]!.prefix)).toBe(true);
    expect(server.requests[0]!.state).toBe('closed-by-client');

    expect(report.config).toEqual({
      provider: 'openai', concurrency: 1, model: 'gpt-4o-mini', baseURL: server.baseURL, continuation,
      ...(continuation === 'prefix' ? { prefixStyle: 'vllm' } : {}), clock: 'real', maxRetries: 3, stallTimeoutMs: 30_000,
    });
  });

  it('reports a refused key (401) and an unknown model (404) in the transcript, exits 1, and never prints a key', async () => {
    const server = await mockServer({ apiKey: SERVER_KEY, models: ['mock-model'] });
    const env = { OPENAI_BASE_URL: server.baseURL, OPENAI_API_KEY: CANARY };
    const args = ['run', preempt, '--provider', 'openai', '--model', 'mock-model'];
    const [json, human, unknownModel] = await Promise.all([
      switchboard([...args, '--json'], env),
      switchboard(args, env),
      switchboard(['run', preempt, '--provider', 'openai', '--json', '--model', 'no-such-model'], { ...env, OPENAI_API_KEY: SERVER_KEY }),
    ]);
    for (const outcome of [json, human, unknownModel]) {
      expect(outcome.code).toBe(1);
      for (const secret of [CANARY, SERVER_KEY]) expect(outcome.stdout + outcome.stderr).not.toContain(secret);
      expect(outcome.stderr).not.toContain(NO_STACK);
      expect(outcome.stderr).toMatch(/^switchboard: 2 answers failed \(research: .+\)\n$/);
    }

    const report = JSON.parse(json.stdout) as JsonReport;
    for (const session of report.sessions) {
      expect(session.state).toBe('failed');
      expect(session.messages.at(-1)).toEqual({ role: 'assistant', content: '', status: 'failed' });
      expect(session.error?.kind).toBe('auth');
      expect(session.error?.message).toMatch(/API key \(401\).*OPENAI_API_KEY/);
    }
    expect(report.stats).toMatchObject({ failures: 2, completions: 0 });

    expect(human.stdout).toContain('research (failed)');
    expect(human.stdout).toContain('[failed]');
    expect(human.stdout).toMatch(/✗ failed: The server refused the API key \(401\)/);
    expect(human.stdout).toContain('streaming → failed');

    const notFound = JSON.parse(unknownModel.stdout) as JsonReport;
    expect(notFound.sessions.map((s) => s.error?.kind)).toEqual(['not_found', 'not_found']);
    expect(notFound.sessions[0]!.error!.message).toContain('"no-such-model"');

    // Every request reached the server with a key, and was refused before any answer.
    expect(server.requests.length).toBeGreaterThanOrEqual(6);
    expect(server.requests.every((r) => r.hadAuthorization && r.state === 'rejected')).toBe(true);
  });

  it('without a key and without a base URL: one clear line, exit 2, before anything runs', async () => {
    const { code, stdout, stderr } = await switchboard(['run', preempt, '--provider', 'openai']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      'switchboard: --provider openai needs an API key: set OPENAI_API_KEY in the environment (there is no flag for it), ' +
        'or point --base-url or OPENAI_BASE_URL at a server that needs none\n',
    );
  });
});

describe('switchboard mock-server', () => {
  it('prints its base URL first, serves the openai SDK, logs each request without the key, and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', bin, 'mock-server', '--port', '0', '--tokens', '12', '--rate', '1000', '--first-token-ms', '0'], {
      cwd: root,
      env: { ...baseEnv, MOCK_SERVER_API_KEY: SERVER_KEY },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output = { stdout: '', stderr: '' };
    child.stdout.on('data', (chunk: Buffer) => (output.stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output.stderr += chunk.toString('utf8')));
    /** Resolves once `predicate` holds on the output so far, checked as output arrives; rejects if the process exits first. */
    const until = (predicate: () => boolean) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (!predicate()) return;
          stop();
          resolve();
        };
        const exited = (code: number | null) => {
          stop();
          reject(new Error(`switchboard exited (${code}) too early; stdout: ${output.stdout}; stderr: ${output.stderr}`));
        };
        const stop = () => {
          child.stdout.off('data', check);
          child.stderr.off('data', check);
          child.off('exit', exited);
        };
        child.stdout.on('data', check);
        child.stderr.on('data', check);
        child.once('exit', exited);
        check();
      });
    try {
      await until(() => output.stdout.includes('\n'));
      const baseURL = output.stdout.split('\n')[0]!;
      expect(baseURL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);

      // Through the same SDK path the CLI uses: a streamed completion, and a refused key.
      const ask = async (apiKey: string) => {
        const provider = createOpenAIProvider({ baseURL, apiKey, model: 'any-model', env: {} });
        let text = '';
        for await (const event of provider.stream({ messages: [{ role: 'user', content: 'Hello' }], signal: new AbortController().signal })) {
          if (event.type === 'delta') text += event.text;
        }
        return text;
      };
      expect(await ask(SERVER_KEY)).toBe(uninterrupted('Hello', 12));
      const refused = await ask(CANARY).then(() => null, (error: unknown) => error);
      expect(refused).toBeInstanceOf(ProviderError);
      expect((refused as ProviderError).kind).toBe('auth');

      await until(() => output.stderr.includes('mock-server: #1 '));
      child.kill('SIGTERM');
      const [code] = (await once(child, 'exit')) as [number | null];
      expect(code).toBe(0);

      const { stdout, stderr } = output;
      expect(stdout).toBe(`${baseURL}\n`);
      expect(stderr).toContain(`OPENAI_BASE_URL=${baseURL} switchboard run`);
      expect(stderr).toContain('mock-server: #0 model "any-model" continuation none fault ok: finished, 12 chunks');
      expect(stderr).toMatch(/mock-server: #1 model "any-model" continuation none fault ok: rejected/);
      expect(stderr).toContain('SIGTERM: stopping after 2 requests');
      for (const secret of [SERVER_KEY, CANARY]) expect(stderr + stdout).not.toContain(secret);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});


describe.concurrent('switchboard demo --provider openai (in-process)', () => {
  it('plays the demo on the server and reports preemptions and resumes instead of comparing answers', async () => {
    const server = await mockServer({ tokens: 48 });
    const { code, stdout, stderr } = await cli(['demo', '--provider', 'openai', '--continuation', 'prefix'], { OPENAI_BASE_URL: server.baseURL });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain(`answers from model gpt-4o-mini at ${server.baseURL}, continuation prefix (vllm)`);
    expect(stdout).toContain('research  streaming → suspended  (preempted: partial');
    expect(stdout).toMatch(/all 4 answers completed: 1 preemption, 1 resume, 0 retries after a fault \(continuation prefix\)/);
    expect(stdout).not.toContain('equal their uninterrupted answers');
    expect(server.requests.some((r) => r.continuation === 'vllm' && r.prefix !== '')).toBe(true);
  });

  it('reports failed turns and exits 1 when the server refuses the key', async () => {
    const server = await mockServer({ tokens: 48, apiKey: SERVER_KEY });
    const { code, stdout } = await cli(['demo', '--provider', 'openai'], { OPENAI_BASE_URL: server.baseURL, OPENAI_API_KEY: CANARY });
    expect(code).toBe(1);
    expect(stdout).toMatch(/✗ research: an answer failed: The server refused the API key \(401\)/);
    expect(stdout).not.toContain(CANARY);
  });
});

describe('redactOutput', () => {
  it('hides the environment\'s keys from everything the CLI writes, wherever they come from', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'switchboard-redact-')), 'leak.scenario');
    writeFileSync(file, `new a\nsend a my key is ${CANARY} and ${SERVER_KEY}\n`);
    const { code, stdout } = await cli(['run', file, '--clock', 'virtual', '--json'], { OPENAI_API_KEY: CANARY, MOCK_SERVER_API_KEY: SERVER_KEY });
    expect(code).toBe(0);
    expect(stdout).toContain('my key is [redacted] and [redacted]');
    expect(stdout).not.toContain(CANARY);
    expect(stdout).not.toContain(SERVER_KEY);
  });


  it('replaces every occurrence of a secret on both streams, and leaves short values alone', () => {
    let out = '';
    let err = '';
    const io: CommandIO = { stdout: { write: (t: string) => (out += t), isTTY: true, columns: 90 }, stderr: { write: (t: string) => (err += t) }, env: {} };
    const safe = redactOutput(io, [CANARY, undefined, 'short']);
    safe.stdout.write(`a ${CANARY} b ${CANARY} short`);
    safe.stderr.write(`key=${CANARY}`);
    expect(out).toBe('a [redacted] b [redacted] short');
    expect(err).toBe('key=[redacted]');
    expect(safe.stdout.isTTY).toBe(true);
    expect(safe.stdout.columns).toBe(90);
  });
});
