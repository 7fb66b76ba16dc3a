import { promises as fsp } from 'node:fs';
import { errorMessage, ToolError } from '../core/errors';
import { formatJson } from './formatJson';
import { formatSarif } from './formatSarif';
import { describeSkip, formatSummary } from './formatSummary';
import { formatText } from './formatText';
import { parseCliArgs, usage, type CliOptions } from './parseCliArgs';
import { ProgressLine } from './ProgressLine';
import { readToolVersion } from './readToolVersion';
import { ScanPool } from './ScanPool';
import { atLeast, compareFindings, type FileError, type FileFinding, type ScanReport, type SkippedFile } from './ScanReport';
import { parseBaseline, ruleCatalog, serializeBaseline } from './secretEngine';
import { walkFiles } from './walkFiles';
import { writeFileAtomic } from './writeFileAtomic';

export interface CliStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

export interface CliIo {
  readonly stdout: CliStream;
  readonly stderr: CliStream;
  /** The folder relative paths and SARIF's `%SRCROOT%` refer to; default `process.cwd()`. */
  readonly cwd?: string;
  /**
   * A script that runs `runScanWorker()` when loaded in a worker thread (dist/cli.js itself when
   * bundled). Without it files are scanned on the calling thread.
   */
  readonly workerScript?: string;
}

/** Exit codes: 0 clean, 1 findings at or above --min-severity, 2 usage or I/O error. */
export const ExitCode = { clean: 0, findings: 1, error: 2 } as const;

/** Files per message to a scanning thread: large enough to amortise messaging, small enough to balance. */
const batchSize = 128;

function fail(io: CliIo, message: string, showHint = false): number {
  io.stderr.write(`mi-scan: ${message}\n${showHint ? "Run 'mi-scan --help' for usage.\n" : ''}`);
  return ExitCode.error;
}

async function loadBaseline(file: string): Promise<ReadonlySet<string>> {
  let text: string;
  try {
    text = await fsp.readFile(file, 'utf8');
  } catch (error) {
    throw new ToolError('notFound', `cannot read baseline ${file}: ${errorMessage(error)}`, error);
  }
  try {
    return parseBaseline(text);
  } catch (error) {
    throw new ToolError('invalidInput', `baseline ${file} is not a valid baseline: ${errorMessage(error)}`, error);
  }
}

/** Rule ids, names and aliases accepted by --disable-rule, mapped to rule ids. */
function resolveRuleIds(requested: readonly string[]): string[] {
  const byName = new Map<string, string>();
  for (const rule of ruleCatalog) {
    byName.set(rule.id.toLowerCase(), rule.id);
    byName.set(rule.name.toLowerCase(), rule.id);
    for (const alias of rule.aliases) byName.set(alias.toLowerCase(), rule.id);
  }
  return requested.map((name) => {
    const id = byName.get(name.toLowerCase());
    if (id === undefined) throw new ToolError('invalidInput', `--disable-rule: unknown rule '${name}' (ids are ${ruleCatalog[0].id} to ${ruleCatalog[ruleCatalog.length - 1].id}, or their names, e.g. ${ruleCatalog[0].name})`);
    return id;
  });
}

interface Collected {
  filesScanned: number;
  bytesScanned: number;
  findings: FileFinding[];
  skipped: SkippedFile[];
  errors: FileError[];
}

async function scan(options: CliOptions, io: CliIo, disabledRules: string[], progress: ProgressLine): Promise<Collected> {
  const collected: Collected = { filesScanned: 0, bytesScanned: 0, findings: [], skipped: [], errors: [] };
  const pool = new ScanPool({ maxFileSize: options.maxFileSize, disabledRules }, options.jobs, options.jobs > 1 ? io.workerScript : undefined);
  const maxInFlight = pool.threads * 3;
  const running = new Set<Promise<void>>();
  const submit = (files: string[]) => {
    const job = pool.scan(files).then((result) => {
      collected.filesScanned += result.filesScanned;
      collected.bytesScanned += result.bytesScanned;
      for (const item of result.findings) collected.findings.push(item);
      for (const item of result.skipped) collected.skipped.push(item);
      for (const item of result.errors) collected.errors.push(item);
      progress.update(collected.filesScanned, collected.bytesScanned, collected.findings.length);
    });
    const tracked = job.finally(() => running.delete(tracked));
    running.add(tracked);
  };
  try {
    let batch: string[] = [];
    for (const item of walkFiles(options.paths, { follow: options.follow, noIgnore: options.noIgnore })) {
      if (item.type === 'file') {
        batch.push(item.path);
        if (batch.length >= batchSize) {
          submit(batch);
          batch = [];
          // Backpressure: the walk waits while every thread has work queued, so paths never pile up.
          while (running.size >= maxInFlight) await Promise.race(running);
        }
      } else if (item.type === 'skip') {
        collected.skipped.push(item.skipped);
      } else {
        collected.errors.push(item.error);
      }
    }
    if (batch.length > 0) submit(batch);
    while (running.size > 0) await Promise.race(running);
  } finally {
    await pool.close();
  }
  return collected;
}

/**
 * Runs mi-scan with `argv` (without node and script) and returns the exit code. Never throws: every
 * failure is reported on `io.stderr` as one line.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const started = performance.now();
  let options: CliOptions;
  try {
    options = parseCliArgs(argv);
  } catch (error) {
    return fail(io, errorMessage(error), true);
  }
  if (options.help) {
    io.stdout.write(usage);
    return ExitCode.clean;
  }
  const version = readToolVersion();
  if (options.version) {
    io.stdout.write(`${version}\n`);
    return ExitCode.clean;
  }

  let disabledRules: string[];
  let baseline: ReadonlySet<string> = new Set();
  try {
    disabledRules = resolveRuleIds(options.disabledRules);
    if (options.baseline !== undefined) baseline = await loadBaseline(options.baseline);
  } catch (error) {
    return fail(io, errorMessage(error), ToolError.is(error, 'invalidInput') && !options.baseline);
  }
  for (const path of options.paths) {
    try {
      await fsp.stat(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return fail(io, code === 'ENOENT' ? `no such file or directory: ${path}` : `cannot access ${path}: ${errorMessage(error)}`);
    }
  }

  const progressEnabled = !options.quiet && (options.progress ?? io.stderr.isTTY === true);
  const progress = new ProgressLine(io.stderr, progressEnabled);
  let collected: Collected;
  try {
    collected = await scan(options, io, disabledRules, progress);
  } catch (error) {
    progress.clear();
    return fail(io, `scan failed: ${errorMessage(error)}`);
  } finally {
    progress.clear();
  }

  let belowMinSeverity = 0;
  let baselined = 0;
  const current: FileFinding[] = [];
  for (const finding of collected.findings) {
    if (!atLeast(finding.severity, options.minSeverity)) belowMinSeverity++;
    else current.push(finding);
  }
  current.sort(compareFindings);
  const reported = current.filter((finding) => {
    const accepted = baseline.has(finding.fingerprint);
    if (accepted) baselined++;
    return !accepted;
  });
  collected.skipped.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  collected.errors.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

  try {
    if (options.writeBaseline !== undefined) await writeFileAtomic(options.writeBaseline, serializeBaseline(current));
  } catch (error) {
    return fail(io, errorMessage(error));
  }

  const report: ScanReport = {
    toolVersion: version,
    findings: options.writeBaseline !== undefined ? [] : reported,
    skipped: collected.skipped,
    errors: collected.errors,
    filesScanned: collected.filesScanned,
    bytesScanned: collected.bytesScanned,
    baselined: options.writeBaseline !== undefined ? current.length : baselined,
    belowMinSeverity,
    durationMs: performance.now() - started,
    minSeverity: options.minSeverity,
  };

  if (!options.quiet) {
    for (const item of report.skipped) {
      if (item.reason === 'tooLarge' || options.verbose) io.stderr.write(`mi-scan: skipped ${item.path}: ${describeSkip(item.reason, item.size, options.maxFileSize)}\n`);
    }
  }
  for (const item of report.errors) io.stderr.write(`mi-scan: ${options.strict ? 'error' : 'warning'}: cannot read ${item.path}: ${item.message}\n`);

  const output =
    options.format === 'json' ? formatJson(report)
    : options.format === 'sarif' ? formatSarif(report, { cwd: io.cwd ?? process.cwd(), rules: ruleCatalog, maxFileSize: options.maxFileSize })
    : formatText(report, !options.quiet);
  try {
    if (options.output !== undefined) await writeFileAtomic(options.output, output);
    else if (output !== '') io.stdout.write(output);
  } catch (error) {
    return fail(io, errorMessage(error));
  }
  if (!options.quiet && (options.format !== 'text' || options.output !== undefined)) io.stderr.write(`${formatSummary(report)}\n`);
  if (options.writeBaseline !== undefined && !options.quiet) io.stderr.write(`mi-scan: wrote ${current.length} finding(s) to baseline ${options.writeBaseline}\n`);

  if (options.strict && report.errors.length > 0) return ExitCode.error;
  return report.findings.length > 0 ? ExitCode.findings : ExitCode.clean;
}
