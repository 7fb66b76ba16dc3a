import { formatMegabytes } from './formatSummary';

export interface ProgressStream {
  write(text: string): unknown;
}

/**
 * One status line on a terminal, rewritten in place at most every `intervalMs` and erased by `clear()`.
 * Disabled (every call a no-op) when stderr is not a terminal.
 */
export class ProgressLine {
  private lastDraw = 0;
  private drawn = false;

  constructor(
    private readonly stream: ProgressStream,
    private readonly enabled: boolean,
    private readonly intervalMs = 100,
    private readonly now: () => number = Date.now,
  ) {}

  update(files: number, bytes: number, findings: number): void {
    if (!this.enabled) return;
    const time = this.now();
    if (time - this.lastDraw < this.intervalMs) return;
    this.lastDraw = time;
    this.drawn = true;
    this.stream.write(`\r\u001b[Kmi-scan: ${files} files, ${formatMegabytes(bytes)} scanned, ${findings} findings`);
  }

  clear(): void {
    if (!this.drawn) return;
    this.drawn = false;
    this.stream.write('\r\u001b[K');
  }
}
