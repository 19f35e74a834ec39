import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import ko from './ko.json';
import zh from './zh.json';

/** The app's languages, in the order the language switch shows them. */
export const APP_LANGS = ['en', 'zh', 'ko'] as const;
export type AppLang = (typeof APP_LANGS)[number];

/** Each language's name in itself, for the language switch. */
export const LANG_NAMES: Record<AppLang, string> = { en: 'English', zh: '中文', ko: '한국어' };

/** BCP 47 tags for `<html lang>`: Simplified Chinese, so CJK fonts pick the right glyphs. */
export const HTML_LANG: Record<AppLang, string> = { en: 'en', zh: 'zh-Hans', ko: 'ko' };

const STORAGE_KEY = 'corridor.lang';

function isAppLang(value: unknown): value is AppLang {
  return typeof value === 'string' && (APP_LANGS as readonly string[]).includes(value);
}

/** The language a visitor gets: the one they chose before, else the browser's, else English. */
export function initialLang(): AppLang {
  const chosen = globalThis.localStorage?.getItem(STORAGE_KEY);
  if (isAppLang(chosen)) return chosen;
  for (const tag of globalThis.navigator?.languages ?? []) {
    const base = tag.toLowerCase().split('-')[0];
    if (isAppLang(base)) return base;
  }
  return 'en';
}

/** Switches the app's language and remembers the choice on this device. */
export async function setLang(lang: AppLang): Promise<void> {
  globalThis.localStorage?.setItem(STORAGE_KEY, lang);
  document.documentElement.lang = HTML_LANG[lang];
  await i18next.changeLanguage(lang);
}

/** Starts i18next with the three message files (bundled: no request, works offline). */
export async function initI18n(): Promise<typeof i18next> {
  const lng = initialLang();
  document.documentElement.lang = HTML_LANG[lng];
  await i18next.use(initReactI18next).init({
    resources: { en: { translation: en }, zh: { translation: zh }, ko: { translation: ko } },
    lng,
    fallbackLng: false,
    supportedLngs: [...APP_LANGS],
    interpolation: { escapeValue: false },
    returnNull: false,
    // A key missing in the current language is recorded (the browser tests fail on any) and
    // shows as the key itself rather than in another language.
    saveMissing: true,
    missingKeyHandler: (_langs, _ns, key) => {
      const w = globalThis as unknown as { __corridorMissingKeys?: string[] };
      w.__corridorMissingKeys ??= [];
      w.__corridorMissingKeys.push(`${i18next.language}:${key}`);
    },
  });
  return i18next;
}
