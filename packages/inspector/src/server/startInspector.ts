import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { schedulerMachine, sessionMachine } from '@switchboard/core';
import type { AnyStateMachine, InspectionEvent } from 'xstate';
import { createInspectionAdapter, type InspectionAdapterOptions, type RecordSink } from '../records/createInspectionAdapter.js';
import type { InspectionRecord } from '../records/InspectionRecord.js';
import { checkAccess } from './checkAccess.js';
import { loadAssets } from './loadAssets.js';
import { RecordLog } from './RecordLog.js';
import { renderDiagram } from './renderDiagram.js';

export interface InspectorOptions extends InspectionAdapterOptions {
  /** Port on 127.0.0.1; default 0, a free one. The server never listens on another interface. */
  readonly port?: number;
  /** Shown in the page's header. */
  readonly title?: string;
  /** `live` (default) or `replay`: tells the page whether more records may come. */
  readonly mode?: 'live' | 'replay';
  /** Machines whose diagrams the page may ask for, besides the session and the scheduler. */
  readonly machines?: readonly AnyStateMachine[];
  /** Records kept for pages that join late and for time travel; past it the oldest go. Default 200 000. */
  readonly historyLimit?: number;
}

/** A running inspector. */
export interface Inspector {
  /** Open this in a browser: `http://127.0.0.1:<port>/?token=<token>`. */
  readonly url: string;
  readonly address: AddressInfo;
  /** Give this to `createSwitchboard({ inspect })`: events become sanitised records for the page. */
  readonly inspect: (event: InspectionEvent) => void;
  /** Sends a record (one already made, from a recording or another adapter) to the page. */
  readonly publish: RecordSink;
  /** Records sent so far (bounded by `historyLimit`). */
  readonly size: number;
  /** Ends every page's stream and stops the server. */
  close(): Promise<void>;
}

const TOKEN_BYTES = 32;
const HEARTBEAT_MS = 15_000;

const SECURITY_HEADERS = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; " +
    "frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
};

const send = (res: ServerResponse, status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}) => {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': type, ...headers });
  res.end(body);
};

/**
 * Starts the live inspector: an HTTP server on 127.0.0.1 (a free port by default) that
 * serves the inspector page, its assets (from this package: it works offline), the
 * statechart diagrams, and a Server-Sent Events stream of inspection records (the history
 * first, so a page opened late sees everything).
 *
 * Every request needs the token of the printed URL (a random 256-bit value), and a Host
 * header naming 127.0.0.1 or localhost; anything else gets 403.
 *
 * @example
 * ```ts
 * const inspector = await startInspector({ secrets: [process.env.OPENAI_API_KEY] });
 * const board = createSwitchboard({ provider, inspect: inspector.inspect });
 * console.error(`inspector: ${inspector.url}`);
 * // …
 * await inspector.close();
 * ```
 */
export async function startInspector(options: InspectorOptions = {}): Promise<Inspector> {
  const { port = 0, title = 'Switchboard inspector', mode = 'live', historyLimit } = options;
  const assets = await loadAssets();
  const machines = new Map<string, AnyStateMachine>(
    [sessionMachine, schedulerMachine, ...(options.machines ?? [])].map((m) => [m.id, m] as const),
  );
  const log = new RecordLog(historyLimit);
  const token = randomBytes(TOKEN_BYTES).toString('base64url');
  const streams = new Set<ServerResponse>();
  let cookieName = '';
  let listening = 0;

  const serveEvents = (req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'text/event-stream; charset=utf-8', connection: 'keep-alive' });
    const lastSeen = Number(req.headers['last-event-id'] ?? 0);
    const hello = JSON.stringify({ title, mode, machines: [...machines.keys()] });
    // One write for the whole history: a page joining after 100 000 records gets them in one go.
    const history = log.since(Number.isFinite(lastSeen) ? lastSeen : 0);
    res.write(`event: hello\ndata: ${hello}\n\n${history.map((e) => `id: ${e.seq}\ndata: ${e.json}\n\n`).join('')}`);
    const unsubscribe = log.subscribe((json, seq) => res.write(`id: ${seq}\ndata: ${json}\n\n`));
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
    heartbeat.unref();
    streams.add(res);
    res.on('close', () => {
      unsubscribe();
      clearInterval(heartbeat);
      streams.delete(res);
    });
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const verdict = checkAccess(req, { token, port: listening, cookieName });
    if (!verdict.ok) return send(res, 403, 'text/plain; charset=utf-8', `forbidden: ${verdict.reason}\n`);
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain; charset=utf-8', 'method not allowed\n', { allow: 'GET' });
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (path === '/' || path === '/index.html') {
      const page = assets.get('index.html')!;
      // The page's own requests (modules, the stream) carry the token in a cookie that no
      // other site can send (SameSite=Strict) and no script can read (HttpOnly).
      const cookie: Record<string, string> = verdict.fromQuery ? { 'set-cookie': `${cookieName}=${token}; Path=/; HttpOnly; SameSite=Strict` } : {};
      return send(res, 200, page.type, page.body, cookie);
    }
    if (path === '/events') return serveEvents(req, res);
    if (path.startsWith('/assets/')) {
      const asset = assets.get(path.slice('/assets/'.length));
      if (asset) return send(res, 200, asset.type, asset.body);
    }
    const diagram = /^\/diagrams\/([\w.-]+)\.svg$/.exec(path);
    if (diagram) {
      const svg = renderDiagram(machines, diagram[1]!);
      if (svg !== null) return send(res, 200, 'image/svg+xml; charset=utf-8', svg);
      return send(res, 404, 'text/plain; charset=utf-8', `no diagram for machine "${diagram[1]}"\n`);
    }
    return send(res, 404, 'text/plain; charset=utf-8', 'not found\n');
  };

  const server = createServer((req, res) => {
    try {
      handle(req, res);
    } catch (error) {
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'internal error\n');
      else res.destroy(error as Error);
    }
  });
  server.listen(port, '127.0.0.1');
  await Promise.race([once(server, 'listening'), once(server, 'error').then(([error]) => Promise.reject(error))]);
  const address = server.address() as AddressInfo;
  listening = address.port;
  // Cookies are per host, not per port: one name per inspector, so two never overwrite each other's.
  cookieName = `sb_inspector_${listening}`;

  const publish: RecordSink = (record: InspectionRecord, json?: string) => log.append(record, json ?? JSON.stringify(record));
  let closed = false;
  return {
    url: `http://127.0.0.1:${listening}/?token=${token}`,
    address,
    inspect: createInspectionAdapter(publish, options),
    publish,
    get size() {
      return log.size;
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const res of streams) res.end();
      const done = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await done;
    },
  };
}
