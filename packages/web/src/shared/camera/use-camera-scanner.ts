import { useCallback, useEffect, useRef, useState } from 'react';
import { qrReader } from '../qr/qr-reader-client.js';

/** A code read from the camera, with the moment its frame was captured (`performance.now()`). */
export interface CameraRead {
  text: string;
  frameTime: number;
}

export type CameraStatus = 'off' | 'starting' | 'scanning' | 'denied' | 'unavailable';

/** Widest frame sent to the reader: larger frames are scaled down, which keeps reads fast. */
const MAX_FRAME_WIDTH = 1280;

interface TorchCapabilities extends MediaTrackCapabilities {
  torch?: boolean;
}

/**
 * Continuous scanning from the device camera: frames go to the QR worker one at a time (the
 * next frame is taken when the worker answers, so a slow device drops frames instead of
 * queueing them) and every code read is passed to `onRead`. Offers the torch where the camera
 * track says it has one. The stream stops when the page unmounts.
 */
export function useCameraScanner(onRead: (read: CameraRead) => void) {
  const videoRef = useRef<HTMLVideoElement>(null);
  const streamRef = useRef<MediaStream | null>(null);
  const runningRef = useRef(false);
  const onReadRef = useRef(onRead);
  onReadRef.current = onRead;
  const [status, setStatus] = useState<CameraStatus>('off');
  const [torchAvailable, setTorchAvailable] = useState(false);
  const [torchOn, setTorchOn] = useState(false);

  const stop = useCallback(() => {
    runningRef.current = false;
    for (const track of streamRef.current?.getTracks() ?? []) track.stop();
    streamRef.current = null;
    if (videoRef.current) videoRef.current.srcObject = null;
    setStatus('off');
    setTorchAvailable(false);
    setTorchOn(false);
  }, []);

  const loop = useCallback(async () => {
    const video = videoRef.current;
    const reader = qrReader();
    await reader.ready;
    while (runningRef.current && video) {
      if (video.readyState < 2 || video.videoWidth === 0) {
        await new Promise((r) => setTimeout(r, 50));
        continue;
      }
      const frameTime = performance.now();
      const scale = Math.min(1, MAX_FRAME_WIDTH / video.videoWidth);
      let bitmap: ImageBitmap;
      try {
        bitmap = await createImageBitmap(
          video,
          scale < 1
            ? {
                resizeWidth: Math.round(video.videoWidth * scale),
                resizeHeight: Math.round(video.videoHeight * scale),
              }
            : {},
        );
      } catch {
        await new Promise((r) => setTimeout(r, 100));
        continue;
      }
      const response = await reader.readFrame(bitmap);
      if (!runningRef.current) break;
      if (response.ok && response.text) onReadRef.current({ text: response.text, frameTime });
      // Yield to rendering between frames; a decision on screen must not wait for the camera.
      await new Promise((r) => setTimeout(r, 16));
    }
  }, []);

  const start = useCallback(async () => {
    if (!navigator.mediaDevices?.getUserMedia) {
      setStatus('unavailable');
      return;
    }
    setStatus('starting');
    try {
      const stream = await navigator.mediaDevices.getUserMedia({
        audio: false,
        video: {
          facingMode: { ideal: 'environment' },
          width: { ideal: 1280 },
          height: { ideal: 720 },
        },
      });
      streamRef.current = stream;
      const video = videoRef.current!;
      video.srcObject = stream;
      await video.play().catch(() => {});
      const track = stream.getVideoTracks()[0];
      const capabilities = (track?.getCapabilities?.() ?? {}) as TorchCapabilities;
      setTorchAvailable(capabilities.torch === true);
      runningRef.current = true;
      setStatus('scanning');
      void loop();
    } catch (error) {
      const name = (error as DOMException).name;
      setStatus(name === 'NotAllowedError' || name === 'SecurityError' ? 'denied' : 'unavailable');
    }
  }, [loop]);

  const toggleTorch = useCallback(async (on: boolean) => {
    const track = streamRef.current?.getVideoTracks()[0];
    if (!track) return;
    try {
      await track.applyConstraints({ advanced: [{ torch: on } as MediaTrackConstraintSet] });
      setTorchOn(on);
    } catch {
      setTorchAvailable(false);
    }
  }, []);

  useEffect(() => stop, [stop]);

  return { videoRef, status, start, stop, torchAvailable, torchOn, toggleTorch };
}
