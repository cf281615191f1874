import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** Where the token may come from on a request, and the name of the cookie that carries it. */
export interface AccessRules {
  readonly token: string;
  readonly port: number;
  readonly cookieName: string;
}

export type AccessVerdict =
  | { readonly ok: true; readonly fromQuery: boolean }
  | { readonly ok: false; readonly reason: string };

const sameSecret = (a: string, b: string): boolean => {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
};

const cookieValue = (header: string | undefined, name: string): string | undefined => {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
};

/**
 * Decides whether a request may be answered. Two checks, both required:
 * - the Host header names this server on loopback (`127.0.0.1:<port>` or `localhost:<port>`),
 *   which defeats DNS rebinding: a page on another origin whose name was re-pointed at
 *   127.0.0.1 sends its own name as the Host;
 * - the token, from `?token=` (the URL printed for people), the `X-Inspector-Token` header,
 *   or the cookie set when the page was opened (for the page's own assets and stream).
 *
 * @example
 * ```ts
 * const verdict = checkAccess(req, { token, port, cookieName: 'sb_inspector_4000' });
 * if (!verdict.ok) return forbid(res, verdict.reason);
 * ```
 */
export function checkAccess(req: IncomingMessage, rules: AccessRules): AccessVerdict {
  const host = (req.headers.host ?? '').toLowerCase();
  if (host !== `127.0.0.1:${rules.port}` && host !== `localhost:${rules.port}`) {
    return { ok: false, reason: 'this inspector answers only requests addressed to 127.0.0.1 or localhost' };
  }
  const url = new URL(req.url ?? '/', `http://${host}`);
  const fromQuery = url.searchParams.get('token');
  if (fromQuery !== null) {
    return sameSecret(fromQuery, rules.token) ? { ok: true, fromQuery: true } : { ok: false, reason: 'wrong token' };
  }
  const header = req.headers['x-inspector-token'];
  const given = (Array.isArray(header) ? header[0] : header) ?? cookieValue(req.headers.cookie, rules.cookieName);
  if (given === undefined) return { ok: false, reason: 'this inspector needs the token from the URL it printed' };
  return sameSecret(given, rules.token) ? { ok: true, fromQuery: false } : { ok: false, reason: 'wrong token' };
}
