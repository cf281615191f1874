import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInspectionAdapter, recordTo, replayRecording, startInspector, type Inspector } from '@switchboard/inspector';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createHarness } from '../helpers/createHarness.js';

// Debian's chromium (installed by .ci/run): playwright cannot download a browser here.
const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
const SECRET = 'sk-browser-test-key-0123456789';

let browser: Browser;
let dir: string;
const servers: Inspector[] = [];

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM });
  dir = await mkdtemp(join(tmpdir(), 'sb-inspector-'));
  await mkdir(ARTIFACTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  for (const server of servers) await server.close();
  await rm(dir, { recursive: true, force: true });
});

const testId = (id: string) => `[data-testid="${id}"]`;
const stateOf = (page: Page, actor: string) => page.getAttribute(testId(`actor-${actor}`), 'data-state');

/** Selects an actor in the tree and reads the states it went through, as the page shows them. */
async function statePath(page: Page, actor: string): Promise<string> {
  await page.click(`${testId(`actor-${actor}`)} button`);
  await page.waitForSelector(`${testId('selected-actor')}:text-is("${actor}")`);
  return (await page.textContent(testId('state-path'))) ?? '';
}

it('shows a preemption live, then replays the recording with the same states, step by step', async () => {
  const file = join(dir, 'run.jsonl');
  const recording = await recordTo(file);
  const live = await startInspector();
  servers.push(live);
  const inspect = createInspectionAdapter([live.publish, recording.write], { secrets: [SECRET], maxTextChars: 40 });
  // One slot, on the virtual clock: nothing moves unless the test moves it.
  const h = createHarness({ slots: 1, inspect, provider: { tokens: 30 } });
  const bg = h.board.createSession({ id: 'bg' });
  const fg = h.board.createSession({ id: 'fg' });

  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await page.goto(live.url);
  await page.waitForSelector(`${testId('connection')}[data-connected="true"]`);
  expect(page.url()).not.toContain('token='); // the page drops the token from the address bar

  // The background session streams…
  h.board.send(bg, `Summarise the report (key ${SECRET})`);
  await h.until(() => (h.board.session(bg).turn?.partial ?? '') !== '');
  await page.waitForSelector(`${testId('actor-bg')}[data-state="streaming"]`);
  await page.waitForSelector(`${testId('slot-row')}[data-session="bg"]`);

  // …until the foreground session needs the only slot.
  h.board.switchTo(fg);
  h.board.send(fg, 'Draft a reply to Ana');
  await page.waitForSelector(`${testId('actor-bg')}[data-state="suspended"]`);
  // bg, the first session, is selected: its statechart shows suspended as the one active state.
  await page.waitForSelector(`${testId('diagram')} .sb-state.sb-active[data-state="suspended"]`);
  expect(await page.locator(`${testId('diagram')} .sb-state.sb-active`).count()).toBe(1);
  await page.waitForSelector(`${testId('timeline-entry')}.ev-interrupt[data-event-type="PREEMPT"][data-source="scheduler"][data-actor="bg"]`);
  await page.waitForSelector(`${testId('timeline-entry')}.ev-grant[data-event-type="GRANT"][data-source="scheduler"][data-actor="fg"]`);
  await page.waitForSelector(`${testId('queue-row')}[data-session="bg"]`);
  await page.waitForSelector(`${testId('slot-row')}[data-session="fg"]`);
  expect(await page.textContent(testId('partial-bg'))).toBe(h.board.session(bg).turn!.partial.slice(0, 40));
  await page.screenshot({ path: join(ARTIFACTS, 'inspector-preempted.png'), fullPage: true });

  await h.settle();
  h.board.stop();
  await recording.close();
  await page.waitForSelector(`${testId('actor-bg')}[data-state="idle"]`);
  await page.waitForSelector(`${testId('position')}:text("${recording.count} / ${recording.count}")`);
  const expected = h.path('bg').join(' → ');
  expect(expected).toBe('idle → queued → streaming → suspended → resuming → streaming → idle');
  expect(await statePath(page, 'bg')).toBe(expected);
  expect(await page.content()).not.toContain(SECRET);
  await page.screenshot({ path: join(ARTIFACTS, 'inspector-live.png'), fullPage: true });

  // The recording, replayed in the same page.
  const replay = await replayRecording(file);
  servers.push(replay);
  const again = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await again.goto(replay.url);
  await again.waitForSelector(`${testId('mode')}[data-mode="replay"]`);
  await again.waitForSelector(`${testId('position')}:text("${recording.count} / ${recording.count}")`);
  expect(await stateOf(again, 'bg')).toBe('idle');
  expect(await statePath(again, 'bg')).toBe(expected);
  expect(await statePath(again, 'fg')).toBe(h.path('fg').join(' → '));

  // Time travel: back to the interrupt. At the PREEMPT event bg still streams; one step on it is suspended.
  await again.click(`${testId('timeline-entry')}[data-event-type="PREEMPT"]`);
  await again.waitForSelector('body[data-paused="true"]');
  expect(await stateOf(again, 'bg')).toBe('streaming');
  await again.click(testId('step-forward'));
  await again.waitForSelector(`${testId('actor-bg')}[data-state="suspended"]`);
  expect(await statePath(again, 'bg')).toBe('idle → queued → streaming → suspended');
  await again.waitForSelector(`${testId('diagram')} .sb-state.sb-active[data-state="suspended"]`);
  await again.screenshot({ path: join(ARTIFACTS, 'inspector-replay-preempted.png'), fullPage: true });
  await again.click(testId('step-back'));
  await again.waitForSelector(`${testId('actor-bg')}[data-state="streaming"]`);
  // Back to following: the end of the recording again.
  await again.click(testId('pause'));
  await again.waitForSelector(`${testId('actor-bg')}[data-state="idle"]`);
  await page.close();
  await again.close();
});
