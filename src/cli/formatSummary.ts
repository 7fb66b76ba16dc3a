import type { ScanReport, SkipReason } from './ScanReport';

const reasonLabels: Record<SkipReason, string> = {
  binary: 'binary',
  tooLarge: 'too large',
  special: 'FIFO/socket/device',
  symlink: 'symlink not followed',
  symlinkLoop: 'symlink loop or repeat',
};

export function formatMegabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** Counts of skipped files by reason, in a fixed order. */
export function skippedCounts(report: ScanReport): Record<SkipReason, number> {
  const counts: Record<SkipReason, number> = { binary: 0, tooLarge: 0, special: 0, symlink: 0, symlinkLoop: 0 };
  for (const item of report.skipped) counts[item.reason]++;
  return counts;
}

/**
 * The one-line summary: files scanned, skipped (by reason), unreadable, findings, MB and time, e.g.
 * `mi-scan: 1204 files scanned (18.3 MB) in 0.41 s; 12 skipped (10 binary, 2 too large); 3 findings (2 error, 1 warning)`.
 */
export function formatSummary(report: ScanReport): string {
  const parts = [`${plural(report.filesScanned, 'file')} scanned (${formatMegabytes(report.bytesScanned)}) in ${(report.durationMs / 1000).toFixed(2)} s`];
  if (report.skipped.length > 0) {
    const counts = skippedCounts(report);
    const detail = (Object.keys(counts) as SkipReason[]).filter((r) => counts[r] > 0).map((r) => `${counts[r]} ${reasonLabels[r]}`);
    parts.push(`${report.skipped.length} skipped (${detail.join(', ')})`);
  }
  if (report.errors.length > 0) parts.push(`${report.errors.length} unreadable`);
  const bySeverity = { error: 0, warning: 0, info: 0 };
  for (const finding of report.findings) bySeverity[finding.severity]++;
  const severityDetail = (['error', 'warning', 'info'] as const).filter((s) => bySeverity[s] > 0).map((s) => `${bySeverity[s]} ${s}`);
  parts.push(`${plural(report.findings.length, 'finding')}${severityDetail.length > 0 ? ` (${severityDetail.join(', ')})` : ''}`);
  if (report.baselined > 0) parts.push(`${report.baselined} in baseline`);
  if (report.belowMinSeverity > 0) parts.push(`${report.belowMinSeverity} below --min-severity ${report.minSeverity}`);
  return `mi-scan: ${parts.join('; ')}`;
}

export function describeSkip(reason: SkipReason, size?: number, maxFileSize?: number): string {
  if (reason === 'tooLarge' && size !== undefined && maxFileSize !== undefined) {
    return `too large (${formatMegabytes(size)} > --max-file-size ${formatMegabytes(maxFileSize)})`;
  }
  return reasonLabels[reason];
}
