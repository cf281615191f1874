import { writeFileSync } from 'node:fs';
import { UsageError } from '../cli/UsageError.js';

/**
 * Writes an export to a file that must not exist yet (never overwrites: an earlier export is
 * the user's data), readable by its owner only, as the database is.
 *
 * @throws UsageError when the file exists or cannot be created
 * @example
 * ```ts
 * writeNewFile('sessions.md', markdown);
 * ```
 */
export function writeNewFile(file: string, text: string): void {
  try {
    writeFileSync(file, text, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new UsageError(`${file} already exists; choose another --out path (an export never overwrites a file)`);
    if (code === 'ENOENT') throw new UsageError(`cannot write ${file}: its directory does not exist`);
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') throw new UsageError(`cannot write ${file}: permission denied`);
    if (code === 'EISDIR') throw new UsageError(`${file} is a directory; --out takes a file path`);
    throw new UsageError(`cannot write ${file}: ${(error as Error).message}`);
  }
}
