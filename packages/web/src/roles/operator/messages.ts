import i18next from 'i18next';
import en from '../../shared/i18n/operator/en.json';
import ko from '../../shared/i18n/operator/ko.json';
import zh from '../../shared/i18n/operator/zh.json';

// The operator console's messages travel with its chunk: added to i18next when it first loads.
for (const [lang, messages] of Object.entries({ en, zh, ko }))
  i18next.addResourceBundle(lang, 'translation', messages, true, false);
