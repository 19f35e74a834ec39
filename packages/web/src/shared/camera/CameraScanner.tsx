import { Button, ToggleButton } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { type CameraRead, useCameraScanner } from './use-camera-scanner.js';

/**
 * The camera panel shared by the scanner and the wallet: start/stop, the live picture, the
 * torch where the camera has one, and a status line. Every code read goes to `onRead`.
 */
export function CameraScanner({
  onRead,
  large = false,
}: {
  onRead: (read: CameraRead) => void;
  large?: boolean;
}) {
  const { t } = useTranslation();
  const camera = useCameraScanner(onRead);
  const running = camera.status === 'scanning' || camera.status === 'starting';
  return (
    <section className="camera" aria-labelledby="camera-heading">
      <h2 id="camera-heading">{t('camera.heading')}</h2>
      <div className="camera-frame" data-status={camera.status}>
        <video ref={camera.videoRef} muted playsInline aria-label={t('camera.video')} />
        {!running && <p className="camera-placeholder">{t('camera.off')}</p>}
      </div>
      <div className="actions">
        {running ? (
          <Button
            className={`react-aria-Button secondary${large ? ' large' : ''}`}
            onPress={camera.stop}
          >
            {t('camera.stop')}
          </Button>
        ) : (
          <Button
            className={`react-aria-Button${large ? ' large' : ''}`}
            onPress={() => void camera.start()}
          >
            {t('camera.start')}
          </Button>
        )}
        {camera.torchAvailable && (
          <ToggleButton
            className={`react-aria-Button secondary${large ? ' large' : ''}`}
            isSelected={camera.torchOn}
            onChange={(on) => void camera.toggleTorch(on)}
          >
            {camera.torchOn ? t('camera.torchOff') : t('camera.torchOn')}
          </ToggleButton>
        )}
      </div>
      <p className="muted" role="status" data-camera-status={camera.status}>
        {t(`camera.status.${camera.status}`)}
      </p>
    </section>
  );
}
