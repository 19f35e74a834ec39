import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A staff worklist table: the column headings (the last one "Actions" unless `actions` is
 * false), the rows, or the sentence saying there are none.
 */
export function StaffTable({
  columns,
  empty,
  count,
  actions = true,
  children,
}: {
  columns: string[];
  empty: string;
  count: number;
  actions?: boolean;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  if (count === 0) return <p className="muted">{empty}</p>;
  return (
    <div className="table-wrap">
      <table className="staff-table">
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
            {actions && <th scope="col">{t('issuer.actions')}</th>}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
