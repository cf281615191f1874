/**
 * Removes an API key — and anything that looks like one — from text that may reach a log,
 * an error, a snapshot or an inspector. Servers sometimes echo a masked key in their error
 * messages; a key must never travel further than the request header.
 *
 * @example
 * ```ts
 * redactSecret('Incorrect API key provided: sk-abc123', 'sk-abc123'); // 'Incorrect API key provided: [redacted]'
 * ```
 */
export function redactSecret(text: string, secret: string | undefined): string {
  let out = text;
  if (secret && secret.length >= 4) out = out.split(secret).join('[redacted]');
  return out.replace(/\b(sk|key|pk)-[A-Za-z0-9_*.-]{6,}/g, '[redacted]');
}
