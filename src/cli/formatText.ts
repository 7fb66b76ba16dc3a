import { formatSummary } from './formatSummary';
import type { ScanReport } from './ScanReport';

/** Keeps a message on one line and free of terminal control characters. */
function oneLine(text: string): string {
   
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ');
}

/**
 * The human-readable report: one line per finding, `path:line:col  severity  ruleId  message  preview`,
 * sorted by path and position with a blank line between files, then the summary line.
 */
export function formatText(report: ScanReport, withSummary = true): string {
  const lines: string[] = [];
  let previousPath: string | undefined;
  for (const f of report.findings) {
    if (previousPath !== undefined && f.path !== previousPath) lines.push('');
    previousPath = f.path;
    lines.push(`${oneLine(f.path)}:${f.secret.startLine}:${f.secret.startColumn}  ${f.severity.padEnd(7)}  ${f.ruleId}  ${oneLine(f.message)}  ${oneLine(f.preview)}`);
  }
  if (withSummary) {
    if (lines.length > 0) lines.push('');
    lines.push(formatSummary(report));
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
