/**
 * The page's language when the link has no `lang=`: the first of the browser's preferred languages
 * that the page speaks (navigator.languages, in the user's order), English when none is.
 */
export function browserLang(preferred: readonly string[]): 'en' | 'zh' {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    if (base === 'zh' || base === 'en') return base;
  }
  return 'en';
}
