import type { ReactNode } from 'react';
import { useEffect } from 'react';
import { Link } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { href } from '../router.js';
import { LanguageSwitch } from './LanguageSwitch.js';

/**
 * The frame of every page: a skip link, the header (home, page title, language switch), the
 * main landmark and a footer. `title` also becomes the document title.
 */
export function Shell({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = `${title} · Corridor`;
  }, [title]);
  return (
    <>
      <a className="skip-link" href="#main">
        {t('shell.skip')}
      </a>
      <header className="app-header">
        <Link className="brand" href={href('/')}>
          {t('shell.brand')}
        </Link>
        <nav aria-label={t('shell.nav')}>
          <Link href={href('/')}>{t('shell.home')}</Link>
        </nav>
        <LanguageSwitch />
      </header>
      <main id="main" className="app-main" tabIndex={-1}>
        <h1>{title}</h1>
        {children}
      </main>
      <footer className="app-footer">{t('shell.footer')}</footer>
    </>
  );
}
