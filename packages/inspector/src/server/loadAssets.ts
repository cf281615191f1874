import { readdir, readFile } from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One file of the page, ready to send. */
export interface Asset {
  readonly type: string;
  readonly body: Buffer;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** The page's files, shipped in this package: no CDN, so the inspector works offline. */
export const PUBLIC_DIR = fileURLToPath(new URL('../../public/', import.meta.url));

/**
 * Reads the page's files once, into a map from URL path (`app.js`, `view/timeline.js`) to
 * content. Serving only what is in the map means no request path ever reaches the file
 * system: `..` cannot escape.
 *
 * @example
 * ```ts
 * const assets = await loadAssets();
 * assets.get('app.js')?.type; // 'text/javascript; charset=utf-8'
 * ```
 */
export async function loadAssets(dir = PUBLIC_DIR): Promise<Map<string, Asset>> {
  const assets = new Map<string, Asset>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const type = TYPES[extname(entry.name)];
    if (!type) continue;
    const path = join(entry.parentPath, entry.name);
    assets.set(relative(dir, path).split(sep).join('/'), { type, body: await readFile(path) });
  }
  return assets;
}
