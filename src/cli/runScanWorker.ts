import { parentPort, workerData } from 'node:worker_threads';
import { emptyBatchResult, FileScanner, type ScanSettings } from './FileScanner';

/** Marks the `workerData` of mi-scan's scanning threads. */
export const workerMarker = 'mi-scan/scan-worker/v1';

export interface WorkerData {
  readonly marker: typeof workerMarker;
  readonly settings: ScanSettings;
}

/** A batch of files sent to a scanning thread. */
export interface BatchRequest {
  readonly id: number;
  readonly files: readonly string[];
}

export function isScanWorkerData(data: unknown): data is WorkerData {
  return typeof data === 'object' && data !== null && (data as { marker?: unknown }).marker === workerMarker;
}

/**
 * The body of a scanning thread: scans each batch it is sent and posts the batch's result back. The
 * bundled CLI starts its workers from its own file, so main.ts calls this when it is loaded in a worker.
 */
export function runScanWorker(): void {
  const port = parentPort;
  if (!port || !isScanWorkerData(workerData)) throw new Error('runScanWorker must run in a mi-scan worker thread');
  const scanner = new FileScanner(workerData.settings);
  port.on('message', (request: BatchRequest) => {
    const result = emptyBatchResult();
    for (const file of request.files) scanner.scanFile(file, result);
    port.postMessage({ id: request.id, result });
  });
}
