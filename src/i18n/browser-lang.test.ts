import { describe, expect, it } from 'vitest';
import { browserLang } from './browser-lang';

describe('the browser’s language picks 中文 or English when the link has none (issue #11)', () => {
  it('takes the first preferred language the page speaks', () => {
    expect(browserLang(['zh-CN', 'en-US'])).toBe('zh');
    expect(browserLang(['zh-TW'])).toBe('zh');
    expect(browserLang(['en-GB', 'zh-CN'])).toBe('en');
    expect(browserLang(['fr-FR', 'zh-Hans-CN', 'en'])).toBe('zh'); // French first: not spoken here; then Chinese
    expect(browserLang(['de', 'fr'])).toBe('en');
    expect(browserLang([])).toBe('en');
  });
});
