import { Link } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Shell } from '../shared/layout/Shell.js';
import { href } from '../shared/router.js';
import type { RoleId } from './roles.js';

/**
 * A role's landing page: what the role does here and its main actions. Roles whose pages come in
 * a later phase say so plainly instead of showing a half-built page.
 */
export function RoleLanding({
  roleId: role,
  actions = [],
}: {
  roleId: RoleId;
  actions?: { to: string; label: string }[];
}) {
  const { t } = useTranslation();
  return (
    <Shell title={t(`roles.${role}.name`)}>
      <p>{t(`roles.${role}.summary`)}</p>
      <p>{t(`roles.${role}.detail`)}</p>
      {actions.length > 0 ? (
        <div className="actions">
          {actions.map((a) => (
            <Link key={a.to} className="button large" href={href(a.to)}>
              {a.label}
            </Link>
          ))}
        </div>
      ) : (
        <p className="notice info" role="note">
          {t(`roles.${role}.arrives`)}
        </p>
      )}
    </Shell>
  );
}
