import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { RESOURCES } from './resources';

/** English and 中文; the language comes from the link (lang=zh) or the switch in the top bar. */
export function setupI18n(lang: 'en' | 'zh'): typeof i18n {
  void i18n.use(initReactI18next).init({
    resources: { en: { translation: RESOURCES.en }, zh: { translation: RESOURCES.zh } },
    lng: lang,
    fallbackLng: 'en',
    interpolation: { escapeValue: false }, // React escapes already
    initAsync: false, // resources are bundled: t() works right after init
  });
  return i18n;
}

export function languageChanged(lang: 'en' | 'zh'): void {
  void i18n.changeLanguage(lang);
  if (typeof document !== 'undefined') document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
}
