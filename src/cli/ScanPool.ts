import { Worker } from 'node:worker_threads';
import { emptyBatchResult, FileScanner, type BatchResult, type ScanSettings } from './FileScanner';
import { workerMarker, type BatchRequest, type WorkerData } from './runScanWorker';

interface Slot {
  readonly worker: Worker;
  readonly pending: Map<number, { resolve: (result: BatchResult) => void; reject: (error: Error) => void }>;
}

/**
 * Scans batches of files on `jobs` worker threads, or on the calling thread when `workerScript` is
 * missing or `jobs` is 1. `workerScript` is a file that calls `runScanWorker()` when loaded in a worker:
 * for the bundle that is dist/cli.js itself, so the CLI stays one file.
 */
export class ScanPool {
  private readonly slots: Slot[] = [];
  private readonly inline: FileScanner | undefined;
  private nextId = 0;
  private failure: Error | undefined;

  constructor(settings: ScanSettings, jobs: number, workerScript?: string) {
    if (workerScript === undefined || jobs <= 1) {
      this.inline = new FileScanner(settings);
      return;
    }
    const workerData: WorkerData = { marker: workerMarker, settings };
    for (let i = 0; i < jobs; i++) {
      const worker = new Worker(workerScript, { workerData, stdout: false, stderr: false });
      const slot: Slot = { worker, pending: new Map() };
      worker.on('message', (message: { id: number; result: BatchResult }) => {
        const waiter = slot.pending.get(message.id);
        slot.pending.delete(message.id);
        waiter?.resolve(message.result);
      });
      const fail = (error: Error) => {
        this.failure ??= error;
        for (const waiter of slot.pending.values()) waiter.reject(error);
        slot.pending.clear();
      };
      worker.on('error', fail);
      worker.on('exit', (code) => {
        if (slot.pending.size > 0) fail(new Error(`a scanning thread stopped unexpectedly (exit code ${code})`));
      });
      this.slots.push(slot);
    }
  }

  /** Batches sent and not yet answered. */
  get inFlight(): number {
    let count = 0;
    for (const slot of this.slots) count += slot.pending.size;
    return count;
  }

  get threads(): number {
    return Math.max(1, this.slots.length);
  }

  /** Scans the files; resolves with their combined result. */
  scan(files: readonly string[]): Promise<BatchResult> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.inline) {
      const result = emptyBatchResult();
      for (const file of files) this.inline.scanFile(file, result);
      // Yield between batches so progress updates and signals are handled.
      return new Promise((resolve) => setImmediate(() => resolve(result)));
    }
    let slot = this.slots[0];
    for (const candidate of this.slots) if (candidate.pending.size < slot.pending.size) slot = candidate;
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      slot.pending.set(id, { resolve, reject });
      const request: BatchRequest = { id, files };
      slot.worker.postMessage(request);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }
}
