import { describe, expect, it } from 'vitest';
import { EOS, PAD, Tokenizer } from './tokenizer';

const words = ['the', 'movie', 'was', 'good', 'bad', '.', '!'];
const tok = new Tokenizer(words);

describe('Tokenizer', () => {
  it('reserves distinct PAD and EOS ids before the words', () => {
    expect(PAD).not.toBe(EOS);
    expect(tok.vocab[PAD]).toBe('<pad>');
    expect(tok.vocab[EOS]).toBe('<eos>');
    expect(tok.size).toBe(words.length + 2);
    expect(tok.vocab.slice(2)).toEqual(words);
  });

  it('round-trips text through encode and decode', () => {
    const text = 'the movie was good !';
    const ids = tok.encode(text);
    expect(ids).toHaveLength(5);
    expect(tok.decode(ids)).toBe(text);
    // Each id is the word's position in the vocabulary.
    expect(ids.map((i) => tok.vocab[i])).toEqual(text.split(' '));
  });

  it('treats punctuation as separate words and ignores spacing and case', () => {
    expect(tok.encode('The movie was good.')).toEqual(tok.encode('the movie was good .'));
    expect(tok.encode('  good!!  ')).toEqual([tok.id('good'), tok.id('!'), tok.id('!')]);
    expect(tok.encode('')).toEqual([]);
  });

  it('names the unknown word in its error', () => {
    expect(() => tok.encode('the movie was great')).toThrow(/unknown word "great"/);
  });

  it('decodes past EOS and shows PAD/EOS only when asked', () => {
    const ids = [tok.id('good'), EOS, tok.id('bad'), PAD];
    expect(tok.decode(ids)).toBe('good bad');
    expect(tok.decode(ids, { showSpecial: true })).toBe('good <eos> bad <pad>');
    // The shown form encodes back to the same ids, so a displayed row can be pasted back in.
    expect(tok.encode(tok.decode(ids, { showSpecial: true }))).toEqual(ids);
    expect(tok.decode(Int32Array.from(ids))).toBe('good bad');
  });

  it('rejects ids outside the vocabulary and malformed word lists', () => {
    expect(() => tok.decode([tok.size])).toThrow(RangeError);
    expect(() => tok.decode([-1])).toThrow(RangeError);
    expect(() => new Tokenizer(['a', 'a'])).toThrow(/duplicate/);
    expect(() => new Tokenizer(['two words'])).toThrow(/single word/);
    expect(() => new Tokenizer(['good.'])).toThrow(/single word/);
    expect(() => new Tokenizer(['<eos>'])).toThrow(/duplicate/);
  });
});
