import { en } from './en';
import { zh } from './zh';

/**
 * Every string of the page, by language. en.ts / zh.ts hold the base strings; each area of the
 * page adds its own pair of files, `<area>.en.ts` and `<area>.zh.ts` (default export: an object of
 * namespaces), picked up here by name — so areas never edit each other's string files.
 */
export type Strings = { [key: string]: string | Strings };
export type Lang = 'en' | 'zh';

const parts = import.meta.glob<{ default: Strings }>('./*.{en,zh}.ts', { eager: true });

function merged(into: Strings, from: Strings, path: string): Strings {
  for (const [k, v] of Object.entries(from)) {
    const have = into[k];
    if (have === undefined) into[k] = typeof v === 'string' ? v : merged({}, v, `${path}${k}.`);
    else if (typeof have !== 'string' && typeof v !== 'string') merged(have, v, `${path}${k}.`);
    else throw new Error(`i18n: the key "${path}${k}" is defined twice`);
  }
  return into;
}

function build(lang: Lang, base: Strings): Strings {
  const out = merged({}, base, '');
  for (const [file, mod] of Object.entries(parts)) if (file.endsWith(`.${lang}.ts`)) merged(out, mod.default, '');
  return out;
}

export const RESOURCES: Record<Lang, Strings> = { en: build('en', en), zh: build('zh', zh) };

/** Every key path of a strings tree ("top.run", …) with its text. */
export function flatten(s: Strings, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(s)) {
    if (typeof v === 'string') out.set(prefix + k, v);
    else for (const [kk, vv] of flatten(v, `${prefix}${k}.`)) out.set(kk, vv);
  }
  return out;
}
