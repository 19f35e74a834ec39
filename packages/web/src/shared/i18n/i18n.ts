import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';

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

/**
 * The Chinese and Korean messages, each its own chunk loaded when the language is first used
 * (English, the fallback of every page, is bundled): a page in one language never carries the
 * other's messages. The service worker precaches both, so switching works offline.
 */
const LOADERS: Record<Exclude<AppLang, 'en'>, () => Promise<{ default: unknown }>> = {
  zh: () => import('./zh.json'),
  ko: () => import('./ko.json'),
};
const loaded = new Set<AppLang>(['en']);

/** Adds `lang`'s messages to i18next once (other chunks may already have merged theirs in). */
async function loadLang(lang: AppLang): Promise<void> {
  if (loaded.has(lang) || lang === 'en') return;
  const messages = (await LOADERS[lang]()).default as Record<string, unknown>;
  i18next.addResourceBundle(lang, 'translation', messages, true, false);
  loaded.add(lang);
}

/** Switches the app's language and remembers the choice on this device. */
export async function setLang(lang: AppLang): Promise<void> {
  await loadLang(lang);
  globalThis.localStorage?.setItem(STORAGE_KEY, lang);
  await i18next.changeLanguage(lang);
  // Last, once the messages are in: `<html lang>` names the language the page now shows.
  document.documentElement.lang = HTML_LANG[lang];
}

/** Starts i18next with English and the visitor's language (precached: works offline). */
export async function initI18n(): Promise<typeof i18next> {
  const lng = initialLang();
  document.documentElement.lang = HTML_LANG[lng];
  const resources: Record<string, { translation: Record<string, unknown> }> = {
    en: { translation: en },
  };
  if (lng !== 'en') {
    resources[lng] = { translation: (await LOADERS[lng]()).default as Record<string, unknown> };
    loaded.add(lng);
  }
  await i18next.use(initReactI18next).init({
    resources,
    partialBundledLanguages: true,
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
