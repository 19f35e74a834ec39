import i18next from 'i18next';
import en from '../i18n/staff/en.json';
import ko from '../i18n/staff/ko.json';
import zh from '../i18n/staff/zh.json';

// The staff pages' messages travel with those pages (their chunk), not with the scanner's
// start-up bundle: added to i18next when a staff page is first loaded.
for (const [lang, messages] of Object.entries({ en, zh, ko }))
  i18next.addResourceBundle(lang, 'translation', messages, true, false);
