import { isAbsolute, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RuleMetadata, Severity } from '../core/secrets/types';
import { toolInformationUri } from './formatJson';
import { describeSkip } from './formatSummary';
import type { LineColumnRange, ScanReport } from './ScanReport';

export const sarifSchemaUri = 'https://json.schemastore.org/sarif-2.1.0.json';
export const fingerprintKey = 'secretFingerprint/v1';

const levels: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };
/** GitHub code scanning reads `security-severity` (0–10) to rank security results. */
const securitySeverity: Record<Severity, string> = { error: '8.0', warning: '5.0', info: '2.0' };

export interface SarifContext {
  /** The folder `%SRCROOT%` stands for; relative paths in the report are relative to it. */
  readonly cwd: string;
  readonly rules: readonly RuleMetadata[];
  readonly maxFileSize: number;
}

/** Markdown to plain text for `help.text`: drops emphasis and code marks, keeps link targets. */
export function markdownToText(markdown: string): string {
  return markdown
    .replace(/\[([^\]]+)\]\(([^)]+)\)/g, '$1 ($2)')
    .replace(/(\*\*|__|`)/g, '')
    .replace(/^#+\s*/gm, '')
    .trim();
}

function firstParagraph(markdown: string): string {
  return markdownToText(markdown.split(/\n\s*\n/)[0] ?? markdown);
}

function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

/** `artifactLocation` for a reported path: relative to `%SRCROOT%` when inside it, else an absolute file URI. */
function artifactLocation(path: string, cwd: string): { uri: string; uriBaseId?: string } {
  const absolute = resolve(cwd, path);
  const rel = relative(cwd, absolute);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return { uri: pathToFileURL(absolute).href };
  return { uri: encodePath(rel.split(sep).join('/')), uriBaseId: '%SRCROOT%' };
}

function region(range: LineColumnRange) {
  return {
    startLine: range.startLine,
    startColumn: range.startColumn,
    endLine: range.endLine,
    endColumn: range.endColumn,
    charOffset: range.charOffset,
    charLength: range.charLength,
  };
}

function contains(outer: LineColumnRange, inner: LineColumnRange): boolean {
  return outer.charOffset <= inner.charOffset && outer.charOffset + outer.charLength >= inner.charOffset + inner.charLength
    && outer.charLength > inner.charLength;
}

function sarifRule(rule: RuleMetadata) {
  return {
    id: rule.id,
    name: rule.name,
    shortDescription: { text: rule.shortDescription },
    fullDescription: { text: firstParagraph(rule.help) || rule.shortDescription },
    help: { text: markdownToText(rule.help), markdown: rule.help },
    helpUri: rule.helpUri,
    defaultConfiguration: { level: levels[rule.defaultSeverity] },
    properties: {
      tags: ['security', 'secret', 'azure', `service:${rule.service}`, `kind:${rule.kind}`, ...rule.aliases],
      precision: 'high',
      'problem.severity': levels[rule.defaultSeverity] === 'note' ? 'recommendation' : levels[rule.defaultSeverity],
      'security-severity': securitySeverity[rule.defaultSeverity],
    },
  };
}

/**
 * The SARIF 2.1.0 log: every rule's metadata in `tool.driver.rules`, one result per finding whose
 * `region` is exactly the secret (1-based, exclusive end column, UTF-16 columns) and whose
 * `contextRegion` is the enclosing construct, a `partialFingerprints` entry from the engine's
 * fingerprint, and notifications for unreadable and too-large files. No field holds a secret.
 */
export function formatSarif(report: ScanReport, context: SarifContext): string {
  const ruleIndex = new Map(context.rules.map((rule, index) => [rule.id, index]));
  const results = report.findings.map((f) => {
    const index = ruleIndex.get(f.ruleId);
    const physicalLocation: Record<string, unknown> = {
      artifactLocation: artifactLocation(f.path, context.cwd),
      region: region(f.secret),
    };
    if (contains(f.construct, f.secret)) physicalLocation.contextRegion = region(f.construct);
    return {
      ruleId: f.ruleId,
      ...(index === undefined ? {} : { ruleIndex: index }),
      level: levels[f.severity],
      message: { text: `${f.message} Secret: ${f.preview}` },
      locations: [{ physicalLocation }],
      partialFingerprints: { [fingerprintKey]: f.fingerprint },
      properties: {
        service: f.service,
        kind: f.kind,
        confidence: f.confidence,
        severity: f.severity,
        preview: f.preview,
        extracted: f.extracted,
      },
    };
  });

  const notifications = [
    ...report.errors.map((e) => ({
      level: 'warning',
      message: { text: `Could not read ${e.path}: ${e.message}` },
      locations: [{ physicalLocation: { artifactLocation: artifactLocation(e.path, context.cwd) } }],
    })),
    ...report.skipped.filter((s) => s.reason === 'tooLarge').map((s) => ({
      level: 'note',
      message: { text: `Skipped ${s.path}: ${describeSkip(s.reason, s.size, context.maxFileSize)}` },
      locations: [{ physicalLocation: { artifactLocation: artifactLocation(s.path, context.cwd) } }],
    })),
  ];

  const log = {
    $schema: sarifSchemaUri,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'mi-scan',
            version: report.toolVersion,
            semanticVersion: /^\d+\.\d+\.\d+/.test(report.toolVersion) ? report.toolVersion : undefined,
            informationUri: toolInformationUri,
            rules: context.rules.map(sarifRule),
          },
        },
        invocations: [
          {
            executionSuccessful: true,
            ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}),
          },
        ],
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(context.cwd.endsWith(sep) ? context.cwd : context.cwd + sep).href } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
