import type { Key } from 'react-aria-components';
import { ToggleButton, ToggleButtonGroup } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { APP_LANGS, type AppLang, HTML_LANG, LANG_NAMES, setLang } from '../i18n/i18n.js';

/**
 * The language switch on every page: three buttons, each named in its own language so a
 * reader finds theirs without reading the current one.
 */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const current = i18n.language as AppLang;
  return (
    <ToggleButtonGroup
      className="lang-switch"
      aria-label={t('shell.language')}
      selectionMode="single"
      disallowEmptySelection
      selectedKeys={[current]}
      onSelectionChange={(keys: Set<Key>) => {
        const [next] = [...keys];
        if (next) void setLang(next as AppLang);
      }}
    >
      {APP_LANGS.map((lang) => (
        <ToggleButton key={lang} id={lang} lang={HTML_LANG[lang]}>
          {LANG_NAMES[lang]}
        </ToggleButton>
      ))}
    </ToggleButtonGroup>
  );
}
