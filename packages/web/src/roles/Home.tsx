import { Link } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Shell } from '../shared/layout/Shell.js';
import { href } from '../shared/router.js';
import { ROLES } from './roles.js';

/** The home page: one card per role, each leading to that role's landing page. */
export function Home() {
  const { t } = useTranslation();
  return (
    <Shell title={t('home.title')}>
      <p>{t('home.intro')}</p>
      <ul className="cards">
        {ROLES.map((role) => (
          <li key={role.id} className="card">
            <h2>{t(`roles.${role.id}.name`)}</h2>
            <p>{t(`roles.${role.id}.summary`)}</p>
            {!role.ready && <p className="muted">{t('roles.later')}</p>}
            <Link href={href(`/${role.id}`)} data-role={role.id}>
              {t('home.open', { role: t(`roles.${role.id}.name`) })}
            </Link>
          </li>
        ))}
      </ul>
    </Shell>
  );
}
