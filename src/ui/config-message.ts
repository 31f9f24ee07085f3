/**
 * A setting's validation message for people: the engine says `clipEps must be a number, got "abc"`
 * (ConfigError: the key, then the reason); the page says "policy clip (clipEps) must be a number,
 * got “abc”" — the field's label first, its key second — in English or 中文. The reasons are the
 * engine's rule texts (rl/ppo-config.ts, rl/setting-value.ts, state/url.ts), recognised here; a
 * reason not recognised is shown as the engine wrote it (config-message.test.ts checks that every
 * rule's text is recognised, so a new wording is noticed).
 */
export interface Reason {
  /** i18n key under hp.err. */
  id: string;
  vars: Record<string, string>;
}

const PATTERNS: [RegExp, string, string[]][] = [
  [/^must be a number, got (.+)$/, 'number', ['got']],
  [/^must be a whole number, got (.+)$/, 'whole', ['got']],
  [/^must be > (\S+), got (.+)$/, 'gt', ['lo', 'got']],
  [/^must be ≥ (\S+), got (.+)$/, 'ge', ['lo', 'got']],
  [/^must be ≤ (\S+) \(this scenario's longest answer\), got (.+)$/, 'leScenario', ['hi', 'got']],
  [/^must be ≤ (\S+), got (.+)$/, 'le', ['hi', 'got']],
  [/^must be one of (.+), got (.+)$/, 'oneOf', ['list', 'got']],
  [/^must divide (\w+) \((\d+)\), got (.+)$/, 'divide', ['other', 'n', 'got']],
  [/^is empty \(expected a number\)$/, 'empty', []],
  [/^must be a plain decimal number such as 0\.001 or 3e-4, got (.+)$/, 'decimal', ['got']],
  [/^is too large to represent: (.+)$/, 'tooLarge', ['got']],
  [/^is too small to represent \(it would become 0\): (.+)$/, 'tooSmall', ['got']],
  [/^must be true or false, got (.+)$/, 'bool', ['got']],
  [/^is not a PPO setting \(known: .*\)$/, 'unknown', []],
];

/** Typographic quotes for a quoted value ("abc" → “abc”). */
const quoted = (s: string) => s.replace(/^"(.*)"$/, '“$1”');

/** The reason of a ConfigError's message (`<field> <reason>`), recognised as one of the engine's rules, or null. */
export function configReason(field: string, message: string): Reason | null {
  const reason = message.startsWith(`${field} `) ? message.slice(field.length + 1) : message;
  for (const [re, id, names] of PATTERNS) {
    const m = re.exec(reason);
    if (m) return { id, vars: Object.fromEntries(names.map((n, i) => [n, n === 'got' ? quoted(m[i + 1]) : m[i + 1]])) };
  }
  return null;
}

/** "label (key)", or just the key when the label is the key itself. */
export const labelled = (key: string, label: string) => (label === key ? key : `${label} (${key})`);

/**
 * The message shown under a setting: `t` translates (hp.err.<id>), `labelOf` gives a setting's
 * label. A reason that names another setting (minibatches must divide the batch size) names it the
 * same way: label first, key second.
 */
export function configMessage(field: string, message: string, labelOf: (key: string) => string, t: (key: string, vars: Record<string, string>) => string): string {
  const r = configReason(field, message);
  const reason = r
    ? t(`hp.err.${r.id}`, { ...r.vars, ...(r.vars.other ? { other: labelled(r.vars.other, labelOf(r.vars.other)) } : {}) })
    : message.startsWith(`${field} `) ? message.slice(field.length + 1) : message;
  return `${labelled(field, labelOf(field))} ${reason}`;
}
