import { isMainThread, workerData } from 'node:worker_threads';
import { runCli } from './runCli';
import { isScanWorkerData, runScanWorker } from './runScanWorker';

// The bundle (dist/cli.js) is both the command and its scanning threads: ScanPool starts workers from
// this same file, and in a worker it only scans.
if (!isMainThread && isScanWorkerData(workerData)) {
  runScanWorker();
} else {
  // `mi-scan | head` closes the pipe early: stop quietly instead of crashing on EPIPE.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
  void runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, workerScript: __filename }).then((code) => {
    process.exitCode = code;
  });
}
