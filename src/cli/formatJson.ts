import { skippedCounts } from './formatSummary';
import type { ScanReport } from './ScanReport';

/** Version of the JSON report's shape; raised only when a field changes meaning or is removed. */
export const jsonReportVersion = 1;

export const toolInformationUri = 'https://learn.microsoft.com/entra/identity/managed-identities-azure-resources/overview';

/**
 * The JSON report (shape documented in docs/mi-scan.md). Positions are 1-based, end columns exclusive,
 * columns in UTF-16 code units. No field holds a secret: `preview` is redacted and `extracted` holds
 * only names (account, namespace, endpoint, server, database, user, ids).
 */
export function formatJson(report: ScanReport): string {
  const document = {
    version: jsonReportVersion,
    tool: { name: 'mi-scan', version: report.toolVersion, informationUri: toolInformationUri },
    summary: {
      filesScanned: report.filesScanned,
      bytesScanned: report.bytesScanned,
      filesSkipped: report.skipped.length,
      skippedByReason: skippedCounts(report),
      filesUnreadable: report.errors.length,
      findings: report.findings.length,
      baselined: report.baselined,
      belowMinSeverity: report.belowMinSeverity,
      minSeverity: report.minSeverity,
      durationMs: Math.round(report.durationMs),
    },
    findings: report.findings.map((f) => ({
      path: f.path,
      ruleId: f.ruleId,
      service: f.service,
      kind: f.kind,
      severity: f.severity,
      confidence: f.confidence,
      message: f.message,
      preview: f.preview,
      fingerprint: f.fingerprint,
      secret: f.secret,
      construct: f.construct,
      extracted: f.extracted,
    })),
    skipped: report.skipped,
    errors: report.errors,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
