/**
 * Word-level tokenizer over a scenario's closed word list. A scenario's language is a small
 * grammar, so every word it can produce is known in advance and one word = one token: the model's
 * vocabulary V stays ≈ 50 and every token id maps to a readable word in the visualisations.
 *
 * Ids 0 and 1 are reserved: PAD = 0 (fills rows after the answer, never a real token) and EOS = 1
 * (ends an answer; the RL maths counts it as a real token, PAD it does not — conventions §3).
 */

export const PAD = 0;
export const EOS = 1;
export const PAD_TEXT = '<pad>';
export const EOS_TEXT = '<eos>';

/**
 * Splits text into words: the special markers, runs of letters/digits/apostrophes, and every other
 * non-space character on its own — so "good." and "good ." both give ["good", "."], and "3+4="
 * gives ["3", "+", "4", "="].
 */
const WORD_RE = /<pad>|<eos>|[\p{L}\p{N}']+|[^\s\p{L}\p{N}']/gu;

export interface DecodeOptions {
  /** Show PAD as `<pad>` and EOS as `<eos>`; by default both are left out of the text. */
  showSpecial?: boolean;
}

export class Tokenizer {
  /** id → word; vocab[PAD] = '<pad>', vocab[EOS] = '<eos>'. */
  readonly vocab: readonly string[];
  private readonly ids: ReadonlyMap<string, number>;

  /** `words`: the scenario's words (without the two specials), each one token. */
  constructor(words: readonly string[]) {
    const vocab = [PAD_TEXT, EOS_TEXT];
    const ids = new Map<string, number>([[PAD_TEXT, PAD], [EOS_TEXT, EOS]]);
    for (const w of words) {
      // A word the splitter would cut in two could never be encoded: reject it here, not later.
      const parts = w.match(WORD_RE);
      if (!parts || parts.length !== 1 || parts[0] !== w) throw new Error(`tokenizer: "${w}" is not a single word`);
      if (ids.has(w)) throw new Error(`tokenizer: duplicate word "${w}"`);
      ids.set(w, vocab.length);
      vocab.push(w);
    }
    this.vocab = vocab;
    this.ids = ids;
  }

  /** V, including PAD and EOS. */
  get size(): number {
    return this.vocab.length;
  }

  /** The id of one word; throws naming the word if it is not in the vocabulary. */
  id(word: string): number {
    const id = this.ids.get(word) ?? this.ids.get(word.toLowerCase());
    if (id === undefined) throw new Error(`tokenizer: unknown word "${word}" (not in this scenario's ${this.size}-word vocabulary)`);
    return id;
  }

  /** True when `word` is in the vocabulary. */
  has(word: string): boolean {
    return this.ids.has(word) || this.ids.has(word.toLowerCase());
  }

  /** Text → ids, one per word. `<eos>` / `<pad>` in the text give EOS / PAD. */
  encode(text: string): number[] {
    return (text.match(WORD_RE) ?? []).map((w) => this.id(w));
  }

  /**
   * Ids → text, words joined by single spaces. Decodes every id (it does not stop at EOS, so a
   * whole (B, T) row can be shown as sampled); PAD and EOS are dropped unless `showSpecial`.
   */
  decode(ids: ArrayLike<number>, options: DecodeOptions = {}): string {
    const out: string[] = [];
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      const w = this.vocab[id];
      if (!Number.isInteger(id) || w === undefined) throw new RangeError(`tokenizer: id ${id} is outside the vocabulary [0, ${this.size})`);
      if ((id === PAD || id === EOS) && !options.showSpecial) continue;
      out.push(w);
    }
    return out.join(' ');
  }
}
