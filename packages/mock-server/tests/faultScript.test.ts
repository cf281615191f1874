import { describe, expect, it } from 'vitest';
import { parseFaultScript } from '../src/index.js';

describe('parseFaultScript', () => {
  it('parses every item kind', () => {
    expect(parseFaultScript('429:2, 500,502,503,400,drop:5,stall:3,malformed:4,ok')).toEqual([
      { kind: 'status', status: 429, retryAfterSeconds: 2 },
      { kind: 'status', status: 500 },
      { kind: 'status', status: 502 },
      { kind: 'status', status: 503 },
      { kind: 'status', status: 400 },
      { kind: 'drop', afterChunks: 5 },
      { kind: 'stall', afterChunks: 3 },
      { kind: 'malformed', afterChunks: 4 },
      { kind: 'ok' },
    ]);
    expect(parseFaultScript('  ')).toEqual([]);
    expect(parseFaultScript('503:0.5')).toEqual([{ kind: 'status', status: 503, retryAfterSeconds: 0.5 }]);
  });

  it.each([
    ['ok,drop', /item 2 "drop": drop needs a chunk count/],
    ['200', /item 1 "200": status must be from 400 to 599/],
    ['429:soon', /item 1 "429:soon": Retry-After/],
    ['ok,,ok', /item 2 "":/],
    ['stall:-1', /item 1 "stall:-1"/],
    ['explode', /item 1 "explode": expected/],
    ['drop:1:2', /too many/],
  ])('names the bad item in %j', (text, message) => {
    expect(() => parseFaultScript(text)).toThrow(message);
  });
});
