/** @jsxRuntime automatic */
/** @jsxImportSource react */
import { Box, Text, useApp, useInput } from 'ink';
import { useRef, useState, useSyncExternalStore } from 'react';
import type { ChatStore } from './ChatStore.js';
import { Help, InputLine, SessionList, SessionTable, StatusLine, Transcript } from './components.js';
import { parseCommand } from './parseCommand.js';
import type { ChatSnapshot } from './types.js';
import { useTerminalSize } from './useTerminalSize.js';

/** Two Ctrl+C within this many ms quit. */
const QUIT_WINDOW_MS = 2000;

/** The whole screen for a snapshot, at a size: pure, so tests can render it to text. */
export function ChatView({ snapshot, input, columns, rows }: { snapshot: ChatSnapshot; input: string; columns: number; rows: number }) {
  const width = Math.max(10, columns);
  // Ink redraws the whole screen when output is as tall as the terminal: stay one line short.
  const height = Math.max(6, rows - 1);
  const listRows = Math.min(snapshot.sessions.length, Math.max(1, Math.floor(height / 4)), 9);
  const statusRows = snapshot.notice ? 2 : 1;
  const bodyRows = Math.max(1, height - listRows - 2 - 1 - statusRows);
  const rule = '─'.repeat(width);
  return (
    <Box flexDirection="column" width={width}>
      <SessionList sessions={snapshot.sessions} width={width} maxRows={listRows} />
      <Text dimColor wrap="truncate">
        {rule}
      </Text>
      {snapshot.overlay === 'help' ? (
        <Help width={width} height={bodyRows} />
      ) : snapshot.overlay === 'list' ? (
        <SessionTable sessions={snapshot.sessions} width={width} height={bodyRows} />
      ) : (
        <Transcript session={snapshot.active} width={width} height={bodyRows} />
      )}
      <Text dimColor wrap="truncate">
        {rule}
      </Text>
      <InputLine value={input} width={width} />
      <StatusLine status={snapshot.status} notice={snapshot.notice} width={width} />
    </Box>
  );
}

/** The interactive chat: keys, the input line, and the store's snapshots. */
export function ChatApp({ store, onQuit }: { store: ChatStore; onQuit: () => void }) {
  const snapshot = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const { columns, rows } = useTerminalSize();
  // Keys may arrive in one chunk ("hi\r"): the ref sees every change before React re-renders.
  const inputRef = useRef('');
  const [input, setInputState] = useState('');
  const setInput = (next: string | ((value: string) => string)) => {
    inputRef.current = typeof next === 'function' ? next(inputRef.current) : next;
    setInputState(inputRef.current);
  };
  const lastCtrlC = useRef(0);
  const { exit } = useApp();

  const quit = () => {
    onQuit();
    exit();
  };

  const submit = () => {
    const line = inputRef.current;
    setInput('');
    if (store.execute(parseCommand(line)) === 'quit') quit();
  };

  useInput((text, key) => {
    if (key.ctrl && text === 'c') {
      const now = Date.now();
      if (now - lastCtrlC.current < QUIT_WINDOW_MS) return quit();
      lastCtrlC.current = now;
      store.setNotice('press Ctrl+C again to quit');
      return;
    }
    if (store.getSnapshot().overlay !== null && (key.escape || key.return)) {
      store.setOverlay(null);
      return;
    }
    if (key.escape) {
      store.cancel();
      return;
    }
    if (key.ctrl && text === 'n') {
      store.newSession();
      return;
    }
    if (key.tab) {
      store.cycle(key.shift ? -1 : 1);
      return;
    }
    if ((key.ctrl || key.meta) && (key.rightArrow || key.leftArrow)) {
      store.cycle(key.rightArrow ? 1 : -1);
      return;
    }
    if (key.meta && /^[1-9]$/.test(text)) {
      if (!store.switchToNumber(Number(text))) store.setNotice(`no session ${text}`);
      return;
    }
    if (key.return) {
      submit();
      return;
    }
    if (key.backspace || key.delete) {
      setInput((value) => value.slice(0, -1));
      return;
    }
    if (key.ctrl && text === 'u') {
      setInput('');
      return;
    }
    if (key.ctrl || key.meta || key.upArrow || key.downArrow || key.leftArrow || key.rightArrow || key.pageUp || key.pageDown) return;
    // Printable text. A busy terminal may hand over several keys at once ("hi\r"), and a
    // paste several lines: every line break in it submits the line so far.
    const parts = text.split(/\r\n?|\n/);
    parts.forEach((part, i) => {
      if (i > 0) submit();
      const printable = part.replace(/[\u0000-\u001f\u007f]/g, '');
      if (printable === '') return;
      if (store.getSnapshot().notice !== null) store.setNotice(null);
      setInput((value) => value + printable);
    });
  });

  return <ChatView snapshot={snapshot} input={input} columns={columns} rows={rows} />;
}

