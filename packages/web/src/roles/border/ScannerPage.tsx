import type { CheckpointDecision } from '@corridor/core/lanes';
import type { Lang, Report } from '@corridor/core/report';
import { verify } from '@corridor/core/verify';
import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { Button, FileTrigger, Label, Radio, RadioGroup, Text } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { CameraScanner } from '../../shared/camera/CameraScanner.js';
import type { CameraRead } from '../../shared/camera/use-camera-scanner.js';
import { countryName } from '../../shared/country-name.js';
import { Shell } from '../../shared/layout/Shell.js';
import { readCodeFromFile } from '../../shared/qr/read-file.js';
import { BASE } from '../../shared/router.js';
import { idbGet, idbIncrement } from '../../shared/storage/idb.js';
import { refreshTrust, type TrustState } from '../../shared/trust/trust-state.js';
import { Decision, holderName } from './Decision.js';
import { decide, type Outcome } from './decide.js';
import { type LaneCheckpoint, LanePanel } from './LanePanel.js';
import { addLaneItem, type LaneItems, NO_LANE_ITEMS } from './lane-items.js';
import { clockSuspicion } from './lane-journey.js';
import { TrustWarnings } from './TrustWarnings.js';

type Mode = 'plain' | LaneCheckpoint;
const now = () => new Date();

/** How often the scanner looks for a newer bundle (and re-reads the clock) while open. */
const REFRESH_MS = 60_000;
const CHECKS_KEY = 'checks';

/** A decision on screen. `text` is held in memory only, to ignore the same code still in view. */
interface Shown {
  outcome: Outcome;
  report: Report | undefined;
  text: string;
  frameTime?: number;
}

/**
 * The border scanner: camera, hardware scanner (keyboard wedge) and picture upload, verified in
 * the page against the trust bundle kept on the device. Nothing scanned is stored; only the
 * number of checks is.
 */
export default function ScannerPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Lang;
  const [trust, setTrust] = useState<TrustState>();
  const [destination, setDestination] = useState<string>();
  const [shown, setShown] = useState<Shown>();
  const [announcement, setAnnouncement] = useState('');
  const [checks, setChecks] = useState<number>();
  const [fileProblem, setFileProblem] = useState<string>();
  const [mode, setMode] = useState<Mode>('plain');
  const [laneItems, setLaneItems] = useState<LaneItems>(NO_LANE_ITEMS);
  const modeRef = useRef<Mode>('plain');
  modeRef.current = mode;
  const lastLaneRead = useRef('');
  const shownRef = useRef<Shown | undefined>(undefined);
  shownRef.current = shown;
  const trustRef = useRef<TrustState | undefined>(undefined);
  trustRef.current = trust;
  const wedgeRef = useRef<HTMLInputElement>(null);
  const busy = useRef(false);

  useEffect(() => {
    let stopped = false;
    const refresh = () =>
      refreshTrust(BASE, () => new Date()).then((state) => {
        if (stopped) return;
        setTrust(state);
        setDestination((d) => d ?? state.config?.country);
      });
    void refresh();
    const timer = setInterval(() => void refresh(), REFRESH_MS);
    void idbGet<number>('kv', CHECKS_KEY).then((n) => setChecks(n ?? 0));
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, []);

  useEffect(() => {
    if (trust) document.documentElement.dataset.trust = trust.bundle ? 'bundle' : 'none';
  }, [trust]);

  // Frame-to-decision: from the capture of the frame that held the code to the decision on screen.
  useEffect(() => {
    if (shown?.frameTime !== undefined)
      performance.measure('corridor:frame-to-decision', {
        start: shown.frameTime,
        end: performance.now(),
      });
  }, [shown]);

  const check = useCallback(
    async (text: string, source: 'camera' | 'wedge' | 'file', frameTime?: number) => {
      // The same code still in front of the camera is one check, not one per frame.
      if (source === 'camera' && shownRef.current?.text === text) return;
      if (modeRef.current !== 'plain') {
        // Lane mode: each code joins the traveller's items; the decision waits for all of them.
        if (source === 'camera' && lastLaneRead.current === text) return;
        lastLaneRead.current = text;
        setLaneItems((items) => addLaneItem(items, text));
        return;
      }
      if (busy.current) return;
      busy.current = true;
      try {
        const state = trustRef.current;
        let report: Report | undefined;
        if (state?.bundle) {
          const started = performance.now();
          report = await verify(text, {
            trust: state.bundle,
            at: new Date(),
            lang,
            ...(destination ? { verifier: destination } : {}),
          });
          performance.measure('corridor:verify', { start: started, end: performance.now() });
        }
        const clockSuspect = clockSuspicion(state?.warnings ?? []) !== undefined;
        const outcome = decide(report, { clockSuspect });
        setShown({ outcome, report, text, ...(frameTime !== undefined ? { frameTime } : {}) });
        const name = report && outcome !== 'unverifiable' ? holderName(report) : undefined;
        const reasons = (report?.findings ?? []).filter((f) => f.severity === 'error').length;
        setAnnouncement(
          [
            t(`decision.${outcome}`),
            name,
            reasons ? t('decision.reasonCount', { count: reasons }) : '',
          ]
            .filter(Boolean)
            .join('. '),
        );
        setChecks(await idbIncrement(CHECKS_KEY));
      } finally {
        busy.current = false;
      }
    },
    [destination, lang, t],
  );

  const onCamera = useCallback(
    (read: CameraRead) => void check(read.text, 'camera', read.frameTime),
    [check],
  );

  const onLaneDecided = useCallback(
    (decision: CheckpointDecision | undefined, shownAs?: CheckpointDecision['decision']) => {
      lastLaneRead.current = '';
      if (!decision) {
        setAnnouncement('');
        wedgeRef.current?.focus();
        return;
      }
      const shownDecision = shownAs ?? decision.decision;
      const reasons =
        decision.reasons.filter((f) => f.severity !== 'info').length +
        (shownDecision !== decision.decision ? 1 : 0);
      setAnnouncement(
        [
          t(`lane.decisions.${shownDecision}`),
          reasons ? t('decision.reasonCount', { count: reasons }) : '',
        ]
          .filter(Boolean)
          .join('. '),
      );
      void idbIncrement(CHECKS_KEY).then(setChecks);
    },
    [t],
  );

  const hasLane = (trust?.bundle?.lanes().length ?? 0) > 0;

  const next = () => {
    setShown(undefined);
    setAnnouncement('');
    wedgeRef.current?.focus();
  };

  // Uncontrolled: a hardware scanner types hundreds of characters a second, and the page must
  // not re-render for each of them.
  const onWedge = (event: FormEvent) => {
    event.preventDefault();
    const input = wedgeRef.current;
    const text = input?.value.trim() ?? '';
    if (input) input.value = '';
    if (text) void check(text, 'wedge');
  };

  const onFiles = async (files: FileList | null) => {
    const file = files?.[0];
    if (!file) return;
    setFileProblem(undefined);
    const read = await readCodeFromFile(file, lang);
    if (read.ok) void check(read.text, 'file');
    else setFileProblem(read.message ?? t('scanner.fileFailed'));
  };

  const destinations =
    trust?.config?.destinations ??
    trust?.bundle?.content.countries.map((c) => c.country) ??
    (trust?.config ? [trust.config.country] : []);

  return (
    <Shell title={t('scanner.title')}>
      {/* The decision is announced here: the region exists before any decision fills it. */}
      <div
        className="visually-hidden"
        role="status"
        aria-live="assertive"
        aria-atomic="true"
        data-testid="announcer"
      >
        {announcement}
      </div>
      {!trust && (
        <p className="muted" role="status">
          {t('scanner.loadingTrust')}
        </p>
      )}
      {trust && <TrustWarnings warnings={trust.warnings} />}
      {trust?.bundle && (
        <p className="muted" data-bundle-version={trust.bundle.version}>
          {t('scanner.bundle', {
            version: trust.bundle.version,
            expires: new Intl.DateTimeFormat(lang, {
              dateStyle: 'medium',
              timeStyle: 'short',
            }).format(new Date(trust.bundle.content.expiresAt * 1000)),
          })}
        </p>
      )}

      {mode === 'plain' && shown && (
        <Decision outcome={shown.outcome} report={shown.report} onNext={next} />
      )}

      <div className="scanner-settings">
        <RadioGroup
          value={mode}
          onChange={(value) => {
            setMode(value as Mode);
            setShown(undefined);
            setAnnouncement('');
          }}
          aria-describedby="mode-note"
        >
          <Label>{t('scanner.mode')}</Label>
          <div className="options">
            <Radio value="plain">{t('scanner.modes.plain')}</Radio>
            <Radio value="boarding" isDisabled={!hasLane}>
              {t('scanner.modes.boarding')}
            </Radio>
            <Radio value="arrival" isDisabled={!hasLane}>
              {t('scanner.modes.arrival')}
            </Radio>
          </div>
          <Text slot="description" id="mode-note">
            {hasLane ? t('scanner.modeLaneNote') : t('scanner.modeNote')}
          </Text>
        </RadioGroup>
        {mode === 'plain' && destinations.length > 0 && destination && (
          // The platform's own select: accessible and keyboard-operable as it is, and it keeps
          // React Aria's listbox and popover (about 32 KB gzipped) off the scanner page.
          <div className="field">
            <label htmlFor="destination">{t('scanner.destination')}</label>
            <select
              id="destination"
              className="native-select"
              value={destination}
              onChange={(e) => setDestination(e.target.value)}
              aria-describedby="destination-note"
            >
              {destinations.map((code) => (
                <option key={code} value={code}>
                  {countryName(code, lang)} ({code})
                </option>
              ))}
            </select>
            <span className="hint" id="destination-note">
              {t('scanner.destinationNote')}
            </span>
          </div>
        )}
      </div>

      {mode !== 'plain' && (
        <LanePanel
          key={mode}
          checkpoint={mode}
          bundle={trust?.bundle}
          station={{
            country: trust?.config?.country ?? '',
            ...(trust?.config?.port ? { port: trust.config.port } : {}),
          }}
          clock={clockSuspicion(trust?.warnings ?? [])}
          items={laneItems}
          onItems={setLaneItems}
          onDecided={onLaneDecided}
          now={now}
        />
      )}

      <form className="wedge" onSubmit={onWedge}>
        {/* A native, uncontrolled input: nothing re-renders while a scanner types into it. */}
        <div className="field">
          <label htmlFor="wedge-input">{t('scanner.wedge')}</label>
          <input
            id="wedge-input"
            ref={wedgeRef}
            autoComplete="off"
            spellCheck={false}
            autoCapitalize="off"
            aria-describedby="wedge-note"
            data-testid="wedge"
          />
          <span className="hint" id="wedge-note">
            {t('scanner.wedgeNote')}
          </span>
        </div>
        <Button type="submit" className="react-aria-Button secondary">
          {t('scanner.checkTyped')}
        </Button>
      </form>

      <CameraScanner onRead={onCamera} large />

      <section aria-labelledby="upload-heading">
        <h2 id="upload-heading">{t('scanner.upload')}</h2>
        <FileTrigger
          acceptedFileTypes={['image/png', 'image/jpeg']}
          onSelect={(files) => void onFiles(files)}
        >
          <Button className="react-aria-Button secondary large">{t('scanner.chooseImage')}</Button>
        </FileTrigger>
        {fileProblem && (
          <p className="notice" role="alert" data-testid="file-problem">
            {fileProblem}
          </p>
        )}
      </section>

      <p className="muted" data-testid="check-count">
        {t('scanner.count', { count: checks ?? 0 })} {t('scanner.privacy')}
      </p>
    </Shell>
  );
}
