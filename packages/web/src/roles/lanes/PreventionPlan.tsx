import { Button, FileTrigger } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { ApiProblem, readAnswer, staffFetch } from '../../shared/staff/api.js';
import type { LaneApplication } from './applications.js';

/**
 * The largest prevention plan PDF the node takes (`MAX_PREVENTION_PDF_BYTES` in
 * packages/server/src/lanes/prevention-plan.ts; a web test checks both agree). A larger file
 * is refused here, before it is sent: the node would answer 413 and drop the connection while
 * the browser is still uploading, which the page would only see as a network failure.
 */
export const MAX_PLAN_BYTES = 2 * 1024 * 1024;

/** States in which the sponsor may still attach, replace or remove the plan. */
const AWAITING: readonly LaneApplication['state'][] = ['submitted', 'under-review'];

const planPath = (id: string) => `/lanes/applications/${encodeURIComponent(id)}/prevention-plan`;

/** Sends `file` as the application's prevention plan PDF. Throws {@link ApiProblem}. */
export async function uploadPlan(id: string, file: Blob): Promise<void> {
  if (file.size > MAX_PLAN_BYTES) throw new ApiProblem(413, 'BODY_TOO_LARGE');
  await readAnswer(
    await staffFetch(planPath(id), {
      method: 'PUT',
      headers: { 'content-type': 'application/pdf' },
      body: file,
    }),
  );
}

/** Removes the application's prevention plan PDF. Throws {@link ApiProblem}. */
export async function removePlan(id: string): Promise<void> {
  await readAnswer(await staffFetch(planPath(id), { method: 'DELETE' }));
}

/** A size in kB (at least 1), in the reader's number format. */
function kilobytes(bytes: number, lang: string): string {
  return new Intl.NumberFormat(lang, { maximumFractionDigits: 0 }).format(
    Math.max(1, Math.round(bytes / 1024)),
  );
}

/**
 * The prevention plan cell of one application: whether a PDF is attached (a link to open it),
 * and, with `act` (the sponsor's), while the application awaits a decision: attach or replace
 * it and remove it. `act` runs the call, says `done` and reloads the list, or shows the coded
 * problem.
 */
export function PlanCell({
  application: a,
  act,
}: {
  application: LaneApplication;
  act?: (call: () => Promise<unknown>, done: string) => Promise<void>;
}) {
  const { t, i18n } = useTranslation();
  const pdf = a.preventionPdf;
  const open = act !== undefined && AWAITING.includes(a.state) && !a.purged;
  return (
    <div className="plan-cell">
      {pdf ? (
        <a href={planPath(a.id)} download={`prevention-plan-${a.id}.pdf`}>
          {t('lanes.plan.attached', { size: kilobytes(pdf.bytes, i18n.language) })}
        </a>
      ) : (
        <span className="muted">{t('lanes.plan.none')}</span>
      )}
      {open && (
        <div className="row-actions">
          <FileTrigger
            acceptedFileTypes={['application/pdf', '.pdf']}
            onSelect={(files) => {
              const file = files?.[0];
              if (file)
                void act?.(
                  () => uploadPlan(a.id, file),
                  t('lanes.plan.stored', { id: a.id, name: file.name }),
                );
            }}
          >
            <Button
              className="react-aria-Button secondary"
              aria-label={t(pdf ? 'lanes.plan.replaceOne' : 'lanes.plan.attachOne', { id: a.id })}
            >
              {t(pdf ? 'lanes.plan.replace' : 'lanes.plan.attach')}
            </Button>
          </FileTrigger>
          {pdf && (
            <Button
              className="react-aria-Button secondary"
              aria-label={t('lanes.plan.removeOne', { id: a.id })}
              onPress={() => act?.(() => removePlan(a.id), t('lanes.plan.removed', { id: a.id }))}
            >
              {t('lanes.plan.remove')}
            </Button>
          )}
        </div>
      )}
    </div>
  );
}
