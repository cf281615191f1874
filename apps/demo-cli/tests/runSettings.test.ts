import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '@switchboard/store';
import { afterAll, describe, expect, it } from 'vitest';
import { saveRunFlags, withRunFlags } from '../src/store/runSettings.js';

const dir = mkdtempSync(join(tmpdir(), 'sb-run-flags-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the board flags a run keeps for resume', () => {
  it('are read back under the flags given now, which win; nothing else is kept', () => {
    const file = join(dir, 'flags.db');
    const store = openSqliteStore(file);
    saveRunFlags(store, { tokens: '24', rate: '80', model: 'm', json: true, db: file } as never);
    store.close();
    const again = openSqliteStore(file);
    try {
      expect(withRunFlags(again, { rate: '10', seed: undefined, json: true } as never)).toEqual({ tokens: '24', rate: '10', model: 'm', json: true });
    } finally {
      again.close();
    }
  });

  it('leave the flags as given when the database has none (a chat wrote it)', () => {
    const store = openSqliteStore(join(dir, 'none.db'));
    try {
      expect(withRunFlags(store, { tokens: '5' })).toEqual({ tokens: '5' });
    } finally {
      store.close();
    }
  });
});
