import type { ReactNode } from 'react';
import { Checkbox } from 'react-aria-components';
import { StaffTable } from './StaffTable.js';

/**
 * A worklist section: its heading (the open count), the "show the closed ones too" checkbox,
 * and the {@link StaffTable} of its rows. The arrival escalations and the monitoring worklist
 * are this list, with their own columns and row actions.
 */
export function Worklist({
  id,
  title,
  showAll,
  all,
  setAll,
  columns,
  empty,
  count,
  children,
}: {
  /** The heading's id, which labels the section. */
  id: string;
  title: string;
  /** The checkbox's label. */
  showAll: string;
  all: boolean;
  setAll: (all: boolean) => void;
  columns: string[];
  empty: string;
  count: number;
  children: ReactNode;
}) {
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <Checkbox className="react-aria-Checkbox" isSelected={all} onChange={setAll}>
        {showAll}
      </Checkbox>
      <StaffTable count={count} empty={empty} columns={columns}>
        {children}
      </StaffTable>
    </section>
  );
}
