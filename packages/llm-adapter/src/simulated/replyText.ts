import type { ChatMessage } from '@switchboard/core';

/**
 * Options shared by {@link simulatedReply} and {@link continuationTokens}.
 *
 * @example
 * ```ts
 * const options: SimulatedReplyOptions = { seed: 3, tokens: 48 };
 * ```
 */
export interface SimulatedReplyOptions {
  /** Varies the reply for the same conversation; a safe integer, default 0. */
  readonly seed?: number;
  /** Exact number of tokens in the reply; a positive integer. */
  readonly tokens: number;
}

// Word classes. A tiny part-of-speech automaton strings them together so the
// output reads like (meaningless) English rather than a shuffled dictionary.
// Verbs are in the past tense so that no subject-verb agreement is needed.
const DETERMINERS = 'the this that every each some another our their its your my one no any'.split(' ');
const ADJECTIVES = (
  'quiet bright small large old new early late warm cold green blue red dark light quick slow ' +
  'simple careful gentle strong narrow wide heavy soft sharp clear distant nearby hidden open ' +
  'empty full busy calm strange familiar wooden golden silver rough smooth ancient modern tall ' +
  'short lucky patient curious honest steady sudden hollow friendly silent useful rare common'
).split(' ');
const NOUNS = (
  'river garden window table letter story city road mountain village friend teacher child ' +
  'engine market bridge forest house question answer problem idea morning evening winter summer ' +
  'station museum kitchen ship harbor library lamp island valley field machine signal message ' +
  'journey map clock door wall stone song voice picture bench book paper desk chair street ' +
  'corner square tower path hill lake ocean cloud storm rain wind light shadow fire meadow ' +
  'traveler farmer doctor painter student captain neighbor family crowd team plan reason result ' +
  'moment season lesson pattern number system network record method process channel session ' +
  'blanket bottle basket ladder pocket ticket coin key box rope wheel camera mirror candle'
).split(' ');
const PRONOUNS = 'we they she he someone everyone nobody it'.split(' ');
const VERBS = (
  'found made kept built saw carried opened closed followed crossed answered noticed remembered ' +
  'painted repaired visited watched helped moved wrote read chose described measured explained ' +
  'tested shared gathered collected planned changed returned lifted pushed pulled reached ' +
  'passed covered joined started finished checked counted traced studied solved loved ' +
  'protected improved prepared handled designed sorted lost met left held'
).split(' ');
const PREPOSITIONS = 'in on near under over beside behind across through with without after before around along into toward'.split(
  ' ',
);
const PRE_ADVERBS = 'quietly slowly quickly carefully suddenly finally often rarely always never soon already gladly'.split(' ');
const POST_ADVERBS = 'again today together outside afterwards anyway instead nearby tonight there'.split(' ');
const CONJUNCTIONS = 'and but so yet while because although since until or'.split(' ');
const INTERJECTIONS = 'indeed certainly sure okay right agreed well absolutely'.split(' ');

/** One word class in its four spellings, all built once so generation allocates no strings. */
interface WordClass {
  readonly spaced: readonly string[]; // " word"
  readonly bare: readonly string[]; // "word"
  readonly capSpaced: readonly string[]; // " Word"
  readonly capBare: readonly string[]; // "Word"
}

const capitalise = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);
const wordClass = (words: readonly string[]): WordClass => ({
  spaced: words.map((w) => ' ' + w),
  bare: words,
  capSpaced: words.map((w) => ' ' + capitalise(w)),
  capBare: words.map(capitalise),
});
const COMMA_CLASS: WordClass = { spaced: [','], bare: [','], capSpaced: [','], capBare: [','] };

// States of the sentence automaton; each names the class of the next token.
const DET = 0;
const ADJ = 1;
const NOUN = 2;
const PRON = 3;
const VERB = 4;
const PREP = 5;
const PRE_ADV = 6;
const POST_ADV = 7;
const CONJ = 8;
const INTERJ = 9;
const COMMA = 10; // a comma before a conjunction: "..., and ..."
const ICOMMA = 11; // a comma after an interjection: "Indeed, we ..."
const STATES = 12;

const CLASSES: readonly WordClass[] = [
  wordClass(DETERMINERS),
  wordClass(ADJECTIVES),
  wordClass(NOUNS),
  wordClass(PRONOUNS),
  wordClass(VERBS),
  wordClass(PREPOSITIONS),
  wordClass(PRE_ADVERBS),
  wordClass(POST_ADVERBS),
  wordClass(CONJUNCTIONS),
  wordClass(INTERJECTIONS),
  COMMA_CLASS,
  COMMA_CLASS,
];
/** "Indeed." as one token, for a reply of a single token. */
const INTERJECTION_SENTENCES = wordClass(INTERJECTIONS.map((w) => w + '.'));

/** Classes a sentence may end on (the token right before the period). */
const TERMINAL: readonly boolean[] = [false, false, true, false, true, false, false, true, false, true, false, false];

/** Weighted transitions, [next state, weight, next state, weight, ...]; weights sum to 100. */
const TRANSITIONS: readonly (readonly number[])[] = [
  /* DET */ [ADJ, 35, NOUN, 65],
  /* ADJ */ [NOUN, 100],
  /* NOUN */ [VERB, 50, PREP, 25, CONJ, 10, COMMA, 15],
  /* PRON */ [VERB, 80, PRE_ADV, 20],
  /* VERB */ [DET, 50, PREP, 20, POST_ADV, 15, CONJ, 5, COMMA, 10],
  /* PREP */ [DET, 100],
  /* PRE_ADV */ [VERB, 100],
  /* POST_ADV */ [PREP, 50, CONJ, 20, COMMA, 30],
  /* CONJ */ [DET, 60, PRON, 40],
  /* INTERJ */ [ICOMMA, 100],
  /* COMMA */ [CONJ, 100],
  /* ICOMMA */ [DET, 60, PRON, 40],
];
const SENTENCE_STARTS: readonly number[] = [DET, 60, PRON, 32, INTERJ, 8];
/** A continuation inside someone else's sentence goes on with "... and the ...". */
const MID_SENTENCE_STARTS: readonly number[] = [CONJ, 55, PREP, 25, PRON, 20];

/** Sentence length in tokens, period included, for every sentence but the last. */
const MIN_SENTENCE = 5;
const MAX_SENTENCE = 17;

/**
 * FEASIBLE[state * FEASIBLE_SPAN + n]: whether n tokens starting with `state`
 * can end on a terminal class. Computed once, so each sentence fills its exact
 * token budget without ending on "the." or "and.". Lengths past the table
 * behave like its last entry (every state can fill any long enough run).
 */
const FEASIBLE_SPAN = 64;
const FEASIBLE: readonly boolean[] = (() => {
  const table = new Array<boolean>(STATES * FEASIBLE_SPAN).fill(false);
  for (let n = 1; n < FEASIBLE_SPAN; n++) {
    for (let state = 0; state < STATES; state++) {
      let ok = n === 1 && TERMINAL[state]!;
      const edges = TRANSITIONS[state]!;
      for (let e = 0; !ok && n > 1 && e < edges.length; e += 2) ok = table[edges[e]! * FEASIBLE_SPAN + n - 1]!;
      table[state * FEASIBLE_SPAN + n] = ok;
    }
  }
  return table;
})();
const feasible = (state: number, n: number): boolean =>
  FEASIBLE[state * FEASIBLE_SPAN + (n < FEASIBLE_SPAN ? n : FEASIBLE_SPAN - 1)]!;

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function fnvString(hash: number, text: string): number {
  let h = hash;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  return h;
}

/** Mixes one 32-bit word into the hash; used for separators and lengths so that
 * ["ab", "c"] and ["a", "bc"] hash differently. */
function fnvWord(hash: number, word: number): number {
  let h = hash;
  h ^= word & 0xffff;
  h = Math.imul(h, FNV_PRIME);
  h ^= word >>> 16;
  return Math.imul(h, FNV_PRIME);
}

function hashMessages(messages: readonly ChatMessage[]): number {
  let h = fnvWord(FNV_OFFSET, messages.length);
  for (const message of messages) {
    h = fnvString(h, message.role);
    h = fnvWord(h, message.content.length);
    h = fnvString(h, message.content);
  }
  return h;
}

/** Folds the seed in and avalanches (murmur3 fmix32): FNV alone leaves low bits weakly mixed. */
function finalise(hash: number, seed: number): number {
  let h = fnvWord(hash, seed >>> 0);
  h = fnvWord(h, Math.floor(seed / 0x1_0000_0000) >>> 0);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function checkOptions(options: SimulatedReplyOptions): number {
  const { tokens, seed = 0 } = options;
  if (!Number.isInteger(tokens) || tokens < 1) {
    throw new RangeError(`tokens must be a positive integer, got ${String(tokens)}`);
  }
  if (!Number.isSafeInteger(seed)) {
    throw new RangeError(`seed must be a safe integer, got ${String(seed)}`);
  }
  return seed;
}

/** How the first generated token attaches to whatever precedes it. */
interface Opening {
  /** Whether the first token starts with a space. */
  readonly space: boolean;
  /** Whether the first token starts a sentence (capitalised) or continues one. */
  readonly sentenceStart: boolean;
}

const REPLY_OPENING: Opening = { space: false, sentenceStart: true };

/**
 * The generator proper: exactly `count` tokens of sentences of varying length,
 * the last one sized to end with a period exactly at the budget.
 */
function generate(state: number, count: number, opening: Opening): string[] {
  let s = state;
  // mulberry32: a 32-bit state PRNG; small, fast and good enough for prose.
  const next = (): number => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  };
  // Maps a uniform 32-bit value to [0, n); the bias is far below anything readable.
  const below = (n: number): number => Math.floor((next() / 0x1_0000_0000) * n);
  /** A weighted choice among the states that can still fill `left` tokens, or -1. */
  const choose = (edges: readonly number[], left: number): number => {
    let total = 0;
    for (let e = 0; e < edges.length; e += 2) if (feasible(edges[e]!, left)) total += edges[e + 1]!;
    if (total === 0) return -1;
    let r = below(total);
    for (let e = 0; ; e += 2) {
      if (!feasible(edges[e]!, left)) continue;
      r -= edges[e + 1]!;
      if (r < 0) return edges[e]!;
    }
  };

  const out: string[] = new Array<string>(count);
  let n = 0;
  let space = opening.space;
  let capital = opening.sentenceStart;
  let starts = opening.sentenceStart ? SENTENCE_STARTS : MID_SENTENCE_STARTS;

  if (count === 1) {
    const list = spelling(INTERJECTION_SENTENCES, space, capital);
    out[0] = list[below(list.length)]!;
    return out;
  }
  while (n < count) {
    const remaining = count - n;
    let length = MIN_SENTENCE + below(MAX_SENTENCE - MIN_SENTENCE + 1);
    // Never leave a tail too short to make a sentence of its own: absorb it.
    if (remaining - length < MIN_SENTENCE) length = remaining;

    let left = length - 1; // tokens before the period
    // Only a one-word sentence has no feasible opener: "Indeed."
    let wordState = choose(starts, left);
    if (wordState < 0) wordState = INTERJ;
    for (;;) {
      const list = spelling(CLASSES[wordState]!, space, capital);
      out[n++] = list[below(list.length)]!;
      space = true;
      capital = false;
      if (--left === 0) break;
      wordState = choose(TRANSITIONS[wordState]!, left);
    }
    out[n++] = '.';
    capital = true;
    starts = SENTENCE_STARTS;
  }
  return out;
}

function spelling(cls: WordClass, space: boolean, capital: boolean): readonly string[] {
  if (space) return capital ? cls.capSpaced : cls.spaced;
  return capital ? cls.capBare : cls.bare;
}

/**
 * The simulated assistant's reply to a conversation, as tokens: the first has
 * no leading space, words carry their leading space (" word"), and "," and "."
 * are tokens of their own. Concatenated they read as sentences of English-ish
 * prose ending with a period.
 *
 * A pure function of the messages' roles and contents, the seed and the token
 * count, so a resumed answer can be recomputed rather than stored.
 *
 * @throws RangeError when `tokens` is not a positive integer or `seed` not a safe integer.
 * @example
 * ```ts
 * const tokens = simulatedReply([{ role: 'user', content: 'Hi' }], { tokens: 12 });
 * tokens.length;     // 12
 * tokens.join('');   // e.g. "The quiet river crossed our bridge. They kept the map."
 * ```
 */
export function simulatedReply(messages: readonly ChatMessage[], options: SimulatedReplyOptions): string[] {
  const seed = checkOptions(options);
  return generate(finalise(hashMessages(messages), seed), options.tokens, REPLY_OPENING);
}

/**
 * The tokens that follow `prefix` in the simulated reply, so that
 * `prefix + continuationTokens(...).join('')` is the reply an uninterrupted run
 * gives. Pieces follow the reply's own token boundaries; when `prefix` ends
 * inside a token, the first piece is the rest of that token. When `prefix` is
 * the whole reply the result is empty.
 *
 * When `prefix` is not a prefix of the reply (the caller edited it, or it came
 * from another model), the result is a fresh `tokens`-token continuation seeded
 * by the conversation and the prefix: deterministic, and joined to the prefix
 * with a space and a capital or a lowercase word as the prefix's ending calls for.
 *
 * @throws RangeError when `tokens` is not a positive integer or `seed` not a safe integer.
 * @example
 * ```ts
 * const messages = [{ role: 'user', content: 'Hi' }] as const;
 * const full = simulatedReply(messages, { tokens: 12 }).join('');
 * const rest = continuationTokens(messages, full.slice(0, 7), { tokens: 12 });
 * full.slice(0, 7) + rest.join('') === full; // true
 * ```
 */
export function continuationTokens(
  messages: readonly ChatMessage[],
  prefix: string,
  options: SimulatedReplyOptions,
): string[] {
  const seed = checkOptions(options);
  const hash = hashMessages(messages);
  const full = generate(finalise(hash, seed), options.tokens, REPLY_OPENING);
  if (prefix.length === 0) return full;

  // Walk the token boundaries comparing in place, so no joined copy of the reply is built.
  let pos = 0;
  for (let i = 0; i < full.length; i++) {
    const token = full[i]!;
    const end = pos + token.length;
    if (end <= prefix.length) {
      if (!prefix.startsWith(token, pos)) break;
      pos = end;
      if (pos === prefix.length) return full.slice(i + 1);
      continue;
    }
    // The prefix ends inside this token.
    const consumed = prefix.length - pos;
    if (token.startsWith(prefix.slice(pos))) {
      const rest = full.slice(i);
      rest[0] = token.slice(consumed);
      return rest;
    }
    break;
  }

  const tail = prefix.trimEnd();
  const opening: Opening = {
    space: tail.length === prefix.length,
    sentenceStart: tail.length === 0 || /[.!?]$/.test(tail),
  };
  // A marker word keeps hash(messages + prefix) apart from a conversation whose
  // last message merely ends with the same text.
  const mixed = fnvString(fnvWord(fnvWord(hash, 0x70726566), prefix.length), prefix);
  return generate(finalise(mixed, seed), options.tokens, opening);
}
