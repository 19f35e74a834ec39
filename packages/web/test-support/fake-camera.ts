import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { qrPng } from '@corridor/core/qr';

/**
 * Makes a `.y4m` video for Chromium's fake camera from a real code: core draws the QR as a PNG,
 * ffmpeg pads it onto a 640×480 white frame and writes a few seconds of it (Chromium loops the
 * file). Returns the video's path and the PNG's.
 */
export function makeFakeCameraVideo(
  text: string,
  dir: string,
): Promise<{ video: string; png: string }> {
  return (async () => {
    const png = path.join(dir, 'code.png');
    const video = path.join(dir, 'camera.y4m');
    await writeFile(png, qrPng(text, { scale: 4 }));
    execFileSync(
      'ffmpeg',
      [
        '-hide_banner',
        '-loglevel',
        'error',
        '-y',
        '-loop',
        '1',
        '-i',
        png,
        '-vf',
        "scale='min(440,iw)':-1:flags=neighbor,pad=640:480:(ow-iw)/2:(oh-ih)/2:white,format=yuv420p",
        '-r',
        '10',
        '-frames:v',
        '10',
        video,
      ],
      { stdio: 'inherit' },
    );
    return { video, png };
  })();
}
