/**
 * Throughput of the mock at tokensPerSecond = Infinity as the openai SDK consumes it:
 * chunks per second through a bare `for await` over the SDK stream, one client, loopback.
 *
 * @example
 * ```sh
 * node --import tsx packages/mock-server/bench/throughput.ts [tokens] [runs]
 * ```
 */
import OpenAI from 'openai';
import { startMockServer } from '../src/index.js';

const tokens = Number(process.argv[2] ?? 20_000);
const runs = Number(process.argv[3] ?? 7);
const server = await startMockServer({ tokens, tokensPerSecond: Infinity });
const client = new OpenAI({ apiKey: 'bench', baseURL: server.baseURL, maxRetries: 0 });
const messages = [{ role: 'user' as const, content: 'Benchmark the stream.' }];

const once = async (): Promise<{ chunks: number; ms: number; cpuUs: number }> => {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const stream = await client.chat.completions.create({ model: 'mock', messages, stream: true });
  let chunks = 0;
  for await (const _chunk of stream) chunks++;
  const used = process.cpuUsage(cpu);
  return { chunks, ms: performance.now() - start, cpuUs: used.user + used.system };
};

for (let i = 0; i < 2; i++) await once(); // warm-up: JIT and connection
const results = [];
for (let i = 0; i < runs; i++) results.push(await once());
await server.close();

results.sort((a, b) => a.ms - b.ms);
const median = results[Math.floor(results.length / 2)]!;
const rate = (r: { chunks: number; ms: number }) => Math.round(r.chunks / (r.ms / 1000));
console.log(
  JSON.stringify({
    tokens,
    chunksPerResponse: median.chunks,
    runs,
    medianMs: Number(median.ms.toFixed(1)),
    medianChunksPerSecond: rate(median),
    bestChunksPerSecond: rate(results[0]!),
    worstChunksPerSecond: rate(results.at(-1)!),
    cpuMicrosPerChunk: Number((median.cpuUs / median.chunks).toFixed(2)),
  }),
);
