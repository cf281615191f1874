import fs from 'node:fs';
import path from 'node:path';
import { StoreError } from './StoreError.js';
import { messages, toStoreError } from './toStoreError.js';

/** A SQLite URI opening `file` read-only. */
export function readOnlyUri(file: string): string {
  const abs = path.resolve(file).replace(/%/g, '%25').replace(/\?/g, '%3f').replace(/#/g, '%23');
  return `file:${abs}?mode=ro`;
}

/** Checks we may write the file and its directory (SQLite creates the -wal file beside it); creates the file 0600. */
export function prepareFile(file: string): void {
  const dir = path.dirname(path.resolve(file));
  try {
    fs.accessSync(dir, fs.constants.W_OK);
  } catch (err) {
    throw toStoreError(err, file, 'checking the directory');
  }
  if (fs.existsSync(file)) {
    try {
      fs.accessSync(file, fs.constants.R_OK | fs.constants.W_OK);
    } catch (err) {
      throw toStoreError(err, file, 'checking the file');
    }
    return;
  }
  try {
    // 'a' never truncates: if another process created it meanwhile, its bytes are kept.
    fs.closeSync(fs.openSync(file, 'a', 0o600));
    fs.chmodSync(file, 0o600); // the umask may have narrowed it; never widen beyond 0600
  } catch (err) {
    throw toStoreError(err, file, 'creating the file');
  }
}

export function parseJson<T>(text: string, file: string): T {
  try {
    return JSON.parse(text) as T;
  } catch (err) {
    throw new StoreError('corrupt', messages.corrupt(file), { cause: err });
  }
}
