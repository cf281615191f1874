import { request } from 'node:http';
import { networkInterfaces } from 'node:os';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startInspector, type Inspector, type InspectionRecord } from '../src/index.js';

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** A GET with full control of the headers (fetch will not let a test set Host). */
function get(port: number, path: string, headers: Record<string, string> = {}, host = '127.0.0.1'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host, port, path, headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Opens the event stream and collects `data:` lines until `done` (called after each chunk) says enough. */
function readEvents(port: number, headers: Record<string, string>, done: (data: string[]) => boolean): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/events', headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      const data: string[] = [];
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        const messages = buffer.split('\n\n');
        buffer = messages.pop()!;
        for (const message of messages) for (const line of message.split('\n')) if (line.startsWith('data: ')) data.push(line.slice(6));
        if (done(data)) {
          req.destroy();
          resolve(data);
        }
      });
    });
    req.on('error', reject);
    req.end();
  });
}

const record = (seq: number): InspectionRecord => ({ kind: 'actor', seq, at: seq, actor: `s${seq}`, parent: null, machine: 'session' });

let inspector: Inspector | undefined;
afterEach(async () => {
  await inspector?.close();
  inspector = undefined;
});

describe('startInspector', () => {
  it('listens on 127.0.0.1 only, on a free port, with a long random token in its URL', async () => {
    inspector = await startInspector();
    const { address, port } = inspector.address;
    expect(address).toBe('127.0.0.1');
    expect(port).toBeGreaterThan(0);
    const url = new URL(inspector.url);
    expect(url.host).toBe(`127.0.0.1:${port}`);
    // 256 random bits in base64url: 43 characters.
    expect(url.searchParams.get('token')).toMatch(/^[\w-]{43}$/);
    const other = await startInspector();
    expect(new URL(other.url).searchParams.get('token')).not.toBe(url.searchParams.get('token'));
    await other.close();
  });

  it('refuses connections on the machine\'s other addresses', async () => {
    inspector = await startInspector();
    const external = Object.values(networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal);
    // A machine with no network interface but loopback has nothing else to try.
    if (!external) return expect(inspector.address.address).toBe('127.0.0.1');
    const outcome = await new Promise<string>((resolve) => {
      const socket = connect({ host: external.address, port: inspector!.address.port });
      socket.on('connect', () => {
        socket.destroy();
        resolve('connected');
      });
      socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    });
    expect(outcome).toBe('ECONNREFUSED');
  });

  it('answers 403 on every route without the token or with a wrong one', async () => {
    inspector = await startInspector();
    const { port } = inspector.address;
    for (const path of ['/', '/index.html', '/events', '/assets/app.js', '/diagrams/session.svg', '/nothing-here']) {
      const none = await get(port, path);
      expect(none.status, path).toBe(403);
      expect(none.body).toBe('forbidden: this inspector needs the token from the URL it printed\n');
      expect((await get(port, `${path}?token=wrong`)).status, path).toBe(403);
      expect((await get(port, path, { 'x-inspector-token': 'wrong' })).status, path).toBe(403);
      expect((await get(port, path, { cookie: `sb_inspector_${port}=wrong` })).status, path).toBe(403);
    }
  });

  it('refuses a Host header other than 127.0.0.1 or localhost on its port (DNS rebinding), even with the token', async () => {
    inspector = await startInspector();
    const { port } = inspector.address;
    const token = new URL(inspector.url).searchParams.get('token')!;
    for (const host of [`evil.example:${port}`, '127.0.0.1', `127.0.0.1:${port + 1}`, `localhost.evil.example:${port}`]) {
      const answer = await get(port, `/?token=${token}`, { host });
      expect(answer.status, host).toBe(403);
      expect(answer.body).toMatch(/only requests addressed to 127\.0\.0\.1 or localhost/);
    }
    expect((await get(port, `/?token=${token}`, { host: `localhost:${port}` })).status).toBe(200);
  });

  it('serves the page with the token, sets a strict cookie, and then serves its assets with that cookie', async () => {
    inspector = await startInspector();
    const { port } = inspector.address;
    const page = await get(port, new URL(inspector.url).search.replace(/^/, '/'));
    expect(page.status).toBe(200);
    expect(page.body).toContain('data-testid="timeline"');
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    const cookie = String(page.headers['set-cookie']);
    expect(cookie).toMatch(new RegExp(`^sb_inspector_${port}=[\\w-]{43}; Path=/; HttpOnly; SameSite=Strict$`));
    const jar = cookie.split(';')[0]!;
    const script = await get(port, '/assets/app.js', { cookie: jar });
    expect(script.status).toBe(200);
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await get(port, '/assets/view/renderTimeline.js', { cookie: jar })).status).toBe(200);
    // Only the page's own files: nothing else on disk is reachable.
    expect((await get(port, '/assets/../package.json', { cookie: jar })).status).toBe(404);
    expect((await get(port, '/assets/%2e%2e/package.json', { cookie: jar })).status).toBe(404);
  });

  it('serves the statecharts of the machines it knows, marked up for highlighting, and 404 for others', async () => {
    inspector = await startInspector();
    const { port } = inspector.address;
    const token = { 'x-inspector-token': new URL(inspector.url).searchParams.get('token')! };
    const session = await get(port, '/diagrams/session.svg', token);
    expect(session.status).toBe(200);
    expect(session.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
    for (const state of ['idle', 'queued', 'streaming', 'suspended', 'resuming', 'failed']) {
      expect(session.body).toMatch(new RegExp(`class="sb-state[^"]*" data-state="${state}"`));
    }
    expect((await get(port, '/diagrams/scheduler.svg', token)).body).toContain('data-state="saturated"');
    const unknown = await get(port, '/diagrams/door.svg', token);
    expect(unknown.status).toBe(404);
    expect(unknown.body).toBe('no diagram for machine "door"\n');
  });

  it('streams the history first to a page that joins late, then new records as they come', async () => {
    inspector = await startInspector();
    const { port } = inspector.address;
    const token = new URL(inspector.url).searchParams.get('token')!;
    inspector.publish(record(1), JSON.stringify(record(1)));
    inspector.publish(record(2), JSON.stringify(record(2)));
    // Once the history has arrived (hello + 2 records), the next record must come live.
    const seen = await readEvents(port, { 'x-inspector-token': token }, (data) => {
      if (data.length === 3) inspector!.publish(record(3), JSON.stringify(record(3)));
      return data.length >= 4;
    });
    const [hello, ...records] = seen;
    expect(JSON.parse(hello!)).toEqual({ title: 'Switchboard inspector', mode: 'live', machines: ['session', 'scheduler'] });
    expect(records.map((r) => JSON.parse(r).seq)).toEqual([1, 2, 3]);
  });
});
