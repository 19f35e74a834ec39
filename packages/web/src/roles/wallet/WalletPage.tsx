import type { Lang, Report } from '@corridor/core/report';
import { localizeFinding } from '@corridor/core/report';
import type { TrustSource } from '@corridor/core/trust';
import { verify } from '@corridor/core/verify';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Button, FileTrigger, Label, Text, TextArea, TextField } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { CameraScanner } from '../../shared/camera/CameraScanner.js';
import type { CameraRead } from '../../shared/camera/use-camera-scanner.js';
import { Shell } from '../../shared/layout/Shell.js';
import { readCodeFromFile } from '../../shared/qr/read-file.js';
import { BASE } from '../../shared/router.js';
import { refreshTrust } from '../../shared/trust/trust-state.js';
import { CertificateCard } from './CertificateCard.js';
import {
  addToWallet,
  listWallet,
  MAX_WALLET_ENTRIES,
  removeFromWallet,
  type WalletEntry,
} from './wallet-store.js';

/** Decodes (and, where the device has a trust bundle, verifies) a code for display. */
const NO_TRUST: TrustSource = { lookup: () => [] };

/** A wallet entry with what the code says. */
export interface DecodedEntry {
  entry: WalletEntry;
  report: Report;
  /** Whether the signature was checked against a trust bundle on this device. */
  checked: boolean;
}

/**
 * The traveller's wallet: certificates added by scanning, pasting or opening a file (text or a
 * picture of the QR code), kept only on this device, shown in the traveller's language, as a
 * full-screen QR code for scanning, or printed.
 */
export default function WalletPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const [entries, setEntries] = useState<DecodedEntry[]>();
  const [trust, setTrust] = useState<TrustSource>();
  const [pasted, setPasted] = useState('');
  const [problem, setProblem] = useState<string>();
  const [added, setAdded] = useState<string>();
  // Codes the camera has already handed over: the same code is seen in many frames, and a second
  // add must not start while the first is still being checked and stored.
  const fromCamera = useRef(new Set<string>());

  const decode = useCallback(
    async (entry: WalletEntry, source: TrustSource | undefined): Promise<DecodedEntry> => ({
      entry,
      report: await verify(entry.text, { trust: source ?? NO_TRUST, at: new Date(), lang }),
      checked: source !== undefined,
    }),
    [lang],
  );

  const reload = useCallback(
    async (source: TrustSource | undefined) => {
      const list = await listWallet();
      setEntries(await Promise.all(list.map((e) => decode(e, source))));
    },
    [decode],
  );

  useEffect(() => {
    let source: TrustSource | undefined;
    void reload(undefined);
    refreshTrust(BASE, () => new Date())
      .then((state) => {
        source = state.bundle;
        setTrust(source);
        if (source) return reload(source);
      })
      .catch(() => {});
  }, [reload]);

  const add = async (text: string) => {
    setProblem(undefined);
    setAdded(undefined);
    const code = text.trim();
    if (!code) return;
    const report = await verify(code, { trust: NO_TRUST, at: new Date(), lang });
    // Only codes that decode to a certificate or an entry pass are kept; anything else is
    // explained and dropped.
    const pass = report.credential?.format === 'entry-pass' && report.credential.pass;
    if (!pass && (!report.credential?.type || !report.credential.holder)) {
      const first = report.findings.find((f) => f.severity === 'error');
      setProblem(first ? localizeFinding(first, lang).message : t('wallet.notCertificate'));
      return;
    }
    if ((entries?.length ?? 0) >= MAX_WALLET_ENTRIES) {
      setProblem(t('wallet.full', { count: MAX_WALLET_ENTRIES }));
      return;
    }
    await addToWallet(code, new Date());
    setPasted('');
    setAdded(t('wallet.added'));
    await reload(trust);
  };

  const onFiles = async (files: FileList | null) => {
    const file = files?.[0];
    if (!file) return;
    const read = await readCodeFromFile(file, lang);
    if (read.ok) await add(read.text);
    else setProblem(read.message ?? t('wallet.fileFailed'));
  };

  const onCamera = (read: CameraRead) => {
    if (fromCamera.current.has(read.text) || entries?.some((e) => e.entry.text === read.text))
      return;
    fromCamera.current.add(read.text);
    void add(read.text);
  };

  const remove = async (id: string) => {
    const removed = entries?.find((e) => e.entry.id === id);
    if (removed) fromCamera.current.delete(removed.entry.text);
    await removeFromWallet(id);
    await reload(trust);
  };

  return (
    <Shell title={t('wallet.title')}>
      <p>{t('wallet.intro')}</p>
      <div aria-live="polite" role="status" className="wallet-status">
        {added && <p className="notice info">{added}</p>}
      </div>
      {problem && (
        <p className="notice" role="alert" data-testid="wallet-problem">
          {problem}
        </p>
      )}
      <section aria-labelledby="wallet-list-heading">
        <h2 id="wallet-list-heading">{t('wallet.yours', { count: entries?.length ?? 0 })}</h2>
        {entries && entries.length === 0 && <p className="muted">{t('wallet.empty')}</p>}
        <ul className="wallet-list">
          {entries?.map((d) => (
            <CertificateCard
              key={d.entry.id}
              decoded={d}
              onRemove={() => void remove(d.entry.id)}
              onChanged={() => void reload(trust)}
            />
          ))}
        </ul>
      </section>
      <section aria-labelledby="wallet-add-heading" className="wallet-add no-print">
        <h2 id="wallet-add-heading">{t('wallet.add')}</h2>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void add(pasted);
          }}
        >
          <TextField className="field" value={pasted} onChange={setPasted}>
            <Label>{t('wallet.paste')}</Label>
            <TextArea spellCheck={false} data-testid="wallet-paste" />
            <Text slot="description">{t('wallet.pasteNote')}</Text>
          </TextField>
          <Button type="submit">{t('wallet.addPasted')}</Button>
        </form>
        <h3>{t('wallet.fromFile')}</h3>
        <FileTrigger
          acceptedFileTypes={['image/png', 'image/jpeg', 'text/plain', '.txt']}
          onSelect={(files) => void onFiles(files)}
        >
          <Button className="react-aria-Button secondary">{t('wallet.chooseFile')}</Button>
        </FileTrigger>
        <CameraScanner onRead={onCamera} />
      </section>
    </Shell>
  );
}
