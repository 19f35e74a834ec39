import type { QrRequest, QrResponse } from './messages.js';

/** A request without its id (distributed over the union, so each kind keeps its fields). */
type QrRequestBody = QrRequest extends infer R
  ? R extends QrRequest
    ? Omit<R, 'id'>
    : never
  : never;

/**
 * The page's side of the QR worker: one worker for the whole app, requests matched to answers
 * by id. Made on first use, so pages that never read a code never load the wasm.
 */
export class QrReaderClient {
  private readonly worker: Worker;
  private readonly pending = new Map<number, (response: QrResponse) => void>();
  private nextId = 1;
  /** Settles when the wasm is instantiated (`ok: false` when it could not be). */
  readonly ready: Promise<QrResponse>;

  constructor() {
    this.worker = new Worker(new URL('./qr-worker.ts', import.meta.url), { type: 'module' });
    let announce: (response: QrResponse) => void = () => {};
    this.ready = new Promise((resolve) => {
      announce = resolve;
    });
    this.worker.onmessage = (event: MessageEvent<QrResponse>) => {
      const response = event.data;
      if (response.id === 0) return announce(response);
      this.pending.get(response.id)?.(response);
      this.pending.delete(response.id);
    };
  }

  private send(request: QrRequestBody, transfer: Transferable[]): Promise<QrResponse> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.worker.postMessage({ ...request, id } as QrRequest, transfer);
    });
  }

  /** Reads a camera frame; the bitmap is transferred (closed here). */
  readFrame(bitmap: ImageBitmap): Promise<QrResponse> {
    return this.send({ kind: 'frame', bitmap }, [bitmap]);
  }

  /** Reads a PNG or JPEG file's QR code. */
  readFile(bytes: ArrayBuffer): Promise<QrResponse> {
    return this.send({ kind: 'file', bytes }, [bytes]);
  }
}

let shared: QrReaderClient | undefined;

/** The app's one QR worker. */
export function qrReader(): QrReaderClient {
  shared ??= new QrReaderClient();
  return shared;
}
