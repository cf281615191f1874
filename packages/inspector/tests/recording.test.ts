import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSwitchboard, createVirtualClock } from '@switchboard/core';
import { createSimulatedProvider } from '@switchboard/llm-adapter';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInspectionAdapter, readRecording, recordTo, RecordingError, type InspectionRecord } from '../src/index.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sb-recording-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const HEADER = '{"kind":"meta","format":"switchboard-inspection","version":1,"createdAt":"2025-01-01T00:00:00.000Z"}';

async function expectRejection(lines: string[], message: string | ((file: string) => RegExp)) {
  const file = join(dir, `bad-${Math.random().toString(36).slice(2)}.jsonl`);
  await writeFile(file, lines.join('\n'));
  const error = await readRecording(file).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(RecordingError);
  if (typeof message === 'string') expect((error as Error).message).toBe(message.replace('FILE', file));
  else expect((error as Error).message).toMatch(message(file));
}

describe('recordTo and readRecording', () => {
  it('round-trips a run: the records read back are the records written, in order', async () => {
    const clock = createVirtualClock();
    const file = join(dir, 'run.jsonl');
    const recording = await recordTo(file);
    const written: InspectionRecord[] = [];
    const inspect = createInspectionAdapter([recording.write, (r) => written.push(r)]);
    const board = createSwitchboard({ provider: createSimulatedProvider({ clock, tokens: 8, firstTokenMs: 5 }), clock, inspect });
    const a = board.createSession({ id: 'a' });
    const b = board.createSession({ id: 'b' });
    board.send(a, 'one');
    board.switchTo(b);
    board.send(b, 'two');
    await clock.runUntil(() => board.isIdle());
    board.stop();
    await recording.close();

    expect(recording.count).toBe(written.length);
    expect(written.length).toBeGreaterThan(20);
    expect(await readRecording(file)).toEqual(JSON.parse(JSON.stringify(written)));
    // It holds conversation text: only its owner may read it.
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('says which file and line is wrong, and what is wrong with it', async () => {
    const good = '{"seq":1,"at":0,"actor":"a","kind":"actor","parent":null,"machine":"session"}';
    await expectRejection([HEADER, good, '{"seq":2,'], (file) => new RegExp(`^${file}:3: not JSON \\(.+\\)$`));
    await expectRejection([HEADER, '{"seq":1,"at":0,"actor":"a","kind":"dance"}'], 'FILE:2: "kind" must be one of actor, event, transition, snapshot, got "dance"');
    await expectRejection([HEADER, '', '{"seq":1,"at":"soon","actor":"a","kind":"actor","parent":null,"machine":null}'], 'FILE:3: "at" must be a number of milliseconds, got "soon"');
    await expectRejection([HEADER, '{"seq":1,"at":0,"actor":"a","kind":"event","source":null,"event":{}}'], 'FILE:2: "event" must be an object with a "type", got {}');
    await expectRejection([HEADER, good, good], 'FILE:3: "seq" 1 does not follow 1: records are out of order');
    await expectRejection([good], 'FILE:1: not a Switchboard inspection recording (the first line should be {"kind":"meta","format":"switchboard-inspection",…})');
    await expectRejection([HEADER.replace('"version":1', '"version":9')], 'FILE:1: recording format version 9 is not supported (this switchboard reads version 1)');
    await expectRejection([''], 'FILE is empty: not a recording');
  });

  it('reports a missing file and a directory in one line', async () => {
    await expect(readRecording(join(dir, 'nope.jsonl'))).rejects.toThrow(`recording not found: ${join(dir, 'nope.jsonl')}`);
    await expect(readRecording(dir)).rejects.toThrow(`${dir} is a directory, not a recording`);
  });

  it('reports a recording that cannot be created', async () => {
    await expect(recordTo(join(dir, 'missing-dir', 'run.jsonl'))).rejects.toThrow(/ENOENT/);
  });
});
