import { describe, expect, it } from 'vitest';
import { parseCommand } from '../src/chat/parseCommand.js';
import { truncate, wrapText } from '../src/chat/wrapText.js';

describe('parseCommand', () => {
  it('reads plain text as a message, trimmed, and // as a message starting with /', () => {
    expect(parseCommand('  hello there ')).toEqual({ kind: 'message', text: 'hello there' });
    expect(parseCommand('//new is a command')).toEqual({ kind: 'message', text: '/new is a command' });
    expect(parseCommand('   ')).toEqual({ kind: 'empty' });
  });

  it('reads /new with and without a name', () => {
    expect(parseCommand('/new')).toEqual({ kind: 'new', name: undefined });
    expect(parseCommand('/new  my research ')).toEqual({ kind: 'new', name: 'my research' });
  });

  it('reads /switch by number or by name', () => {
    expect(parseCommand('/switch 2')).toEqual({ kind: 'switch', target: { index: 2 } });
    expect(parseCommand('/switch chat 1')).toEqual({ kind: 'switch', target: { name: 'chat 1' } });
    expect(parseCommand('/switch')).toEqual({ kind: 'error', message: 'usage: /switch <n|name>' });
    expect(parseCommand('/switch 0').kind).toBe('error');
  });

  it('reads /rename, /cancel, /list, /help, /quit and their aliases', () => {
    expect(parseCommand('/rename notes')).toEqual({ kind: 'rename', name: 'notes' });
    expect(parseCommand('/rename').kind).toBe('error');
    expect(parseCommand('/cancel')).toEqual({ kind: 'cancel' });
    expect(parseCommand('/LIST')).toEqual({ kind: 'list' });
    expect(parseCommand('/help')).toEqual({ kind: 'help' });
    for (const quit of ['/quit', '/exit', '/q']) expect(parseCommand(quit)).toEqual({ kind: 'quit' });
  });

  it('refuses unknown commands and arguments to commands that take none', () => {
    expect(parseCommand('/frobnicate')).toMatchObject({ kind: 'error', message: expect.stringContaining('unknown command "/frobnicate"') });
    expect(parseCommand('/quit now')).toEqual({ kind: 'error', message: '/quit takes no argument' });
  });
});

describe('wrapText', () => {
  it('wraps on spaces, hard-breaks long words and keeps newlines', () => {
    expect(wrapText('the quick brown fox', 9)).toEqual(['the quick', 'brown fox']);
    expect(wrapText('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
    expect(wrapText('a\nb', 10)).toEqual(['a', 'b']);
    expect(wrapText('', 5)).toEqual(['']);
  });

  it('truncates with an ellipsis', () => {
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('abc', 4)).toBe('abc');
  });
});
