import { qrSvg } from '@corridor/core/qr';
import type { Lang } from '@corridor/core/report';
import { useEffect, useMemo, useState } from 'react';
import { Button, Dialog, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { countryName } from '../../shared/country-name.js';
import { describeDcc } from '../../shared/dcc/describe.js';
import { holderName } from '../border/Decision.js';
import { PassReport } from './PassReport.js';
import type { DecodedEntry } from './WalletPage.js';

/** Keeps the screen on while the code is shown, where the browser allows it. */
function useWakeLock(active: boolean) {
  useEffect(() => {
    if (!active || !('wakeLock' in navigator)) return;
    let lock: WakeLockSentinel | undefined;
    let released = false;
    navigator.wakeLock
      .request('screen')
      .then((l) => {
        if (released) void l.release();
        else lock = l;
      })
      .catch(() => {});
    return () => {
      released = true;
      void lock?.release();
    };
  }, [active]);
}

/**
 * One certificate or entry pass in the wallet: who and what, the details in the traveller's
 * language, and three actions: show the QR code full screen (with a brightness hint), print,
 * remove. A pass also offers its daily report ({@link PassReport}).
 */
export function CertificateCard({
  decoded,
  onRemove,
  onChanged,
}: {
  decoded: DecodedEntry;
  onRemove: () => void;
  /** The entry was changed on the device (a report link saved). */
  onChanged: () => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const [showing, setShowing] = useState(false);
  const [printing, setPrinting] = useState(false);
  const { report, entry, checked } = decoded;
  const credential = report.credential;
  const type = credential?.type;
  const pass = credential?.format === 'entry-pass' ? credential.pass : undefined;
  const title = type
    ? t(`certificate.type.${type}`)
    : pass
      ? t('wallet.passType')
      : t('wallet.unknownType');
  const svg = useMemo(
    () => qrSvg(entry.text, { label: t('wallet.qrLabel', { type: title }) }),
    [entry.text, title, t],
  );
  const lines = describeDcc(credential?.dcc, lang);
  useWakeLock(showing);

  useEffect(() => {
    if (!printing) return;
    const done = () => setPrinting(false);
    addEventListener('afterprint', done, { once: true });
    document.body.classList.add('printing-one');
    // Printed after the print-only view is in the page.
    const timer = setTimeout(() => window.print(), 0);
    return () => {
      clearTimeout(timer);
      removeEventListener('afterprint', done);
      document.body.classList.remove('printing-one');
    };
  }, [printing]);

  const status = !checked
    ? t('wallet.notChecked')
    : report.status === 'valid'
      ? t('wallet.checkedValid')
      : t('wallet.checkedInvalid');

  return (
    <li className={`card wallet-entry${printing ? ' print-target' : ''}`} data-entry={entry.id}>
      <h3>{title}</h3>
      <dl className="facts">
        <dt>{t('decision.name')}</dt>
        <dd className="holder-name">{holderName(report) ?? '—'}</dd>
        <dt>{t('decision.dob')}</dt>
        <dd>{credential?.holder?.dateOfBirth ?? '—'}</dd>
        {credential?.issuer && (
          <>
            <dt>{t('wallet.issuer')}</dt>
            <dd>{countryName(credential.issuer, lang)}</dd>
          </>
        )}
        {credential?.expiresAt && (
          <>
            <dt>{t('wallet.expires')}</dt>
            <dd>
              {new Intl.DateTimeFormat(lang, { dateStyle: 'medium' }).format(
                new Date(credential.expiresAt),
              )}
            </dd>
          </>
        )}
      </dl>
      <p
        className={`wallet-check ${checked && report.status === 'valid' ? 'ok' : ''}`}
        data-checked={String(checked)}
        data-status={report.status}
      >
        {status}
      </p>
      {pass && <PassReport entry={entry} pass={pass} onSaved={onChanged} />}
      {lines.length > 0 && (
        <details className="wallet-details">
          <summary>{t('wallet.details')}</summary>
          <dl className="facts" data-testid="dcc-lines">
            {lines.map((line) => (
              <div key={line.label} className="fact-row" data-field={line.label}>
                <dt>{t(line.label)}</dt>
                <dd>
                  {line.value}
                  {line.raw && <span className="muted"> ({line.raw})</span>}
                </dd>
              </div>
            ))}
          </dl>
        </details>
      )}
      {/* Drawn by core's qrSvg from the code itself (escaped), for print; the dialog shows it large. */}
      <div className="print-qr" aria-hidden="true" dangerouslySetInnerHTML={{ __html: svg }} />
      <div className="actions no-print">
        <Button
          className="react-aria-Button large"
          onPress={() => setShowing(true)}
          data-action="show-qr"
        >
          {t('wallet.showQr')}
        </Button>
        <Button
          className="react-aria-Button secondary"
          onPress={() => setPrinting(true)}
          data-action="print"
        >
          {t('wallet.print')}
        </Button>
        <Button className="react-aria-Button secondary" onPress={onRemove} data-action="remove">
          {t('wallet.remove')}
        </Button>
      </div>
      <ModalOverlay className="qr-overlay" isOpen={showing} onOpenChange={setShowing} isDismissable>
        <Modal className="qr-modal">
          <Dialog className="qr-dialog">
            <Heading slot="title">{title}</Heading>
            <p className="qr-name">{holderName(report)}</p>
            <div className="qr-full" dangerouslySetInnerHTML={{ __html: svg }} />
            <p className="qr-hint">{t('wallet.brightness')}</p>
            <Button className="react-aria-Button large" slot="close" autoFocus>
              {t('wallet.close')}
            </Button>
          </Dialog>
        </Modal>
      </ModalOverlay>
    </li>
  );
}
