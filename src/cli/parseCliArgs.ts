import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { ToolError } from '../core/errors';
import type { Severity } from '../core/secrets/types';

export type OutputFormat = 'text' | 'json' | 'sarif';

/** The parsed command line. */
export interface CliOptions {
  readonly paths: readonly string[];
  readonly format: OutputFormat;
  readonly output?: string;
  readonly minSeverity: Severity;
  readonly baseline?: string;
  readonly writeBaseline?: string;
  readonly disabledRules: readonly string[];
  readonly maxFileSize: number;
  readonly follow: boolean;
  readonly noIgnore: boolean;
  readonly jobs: number;
  readonly quiet: boolean;
  readonly verbose: boolean;
  readonly strict: boolean;
  readonly progress?: boolean;
  readonly help: boolean;
  readonly version: boolean;
}

export const defaultMaxFileSize = 10 * 1024 * 1024;

export const usage = `Usage: mi-scan [options] [paths...]

Finds hardcoded Azure secrets that a managed identity can replace. Walks the
given files and folders (default: the current folder), honouring .gitignore,
.git/info/exclude and .miscanignore files. A path named on the command line is
scanned even if an ignore file matches it.

Options:
  -f, --format <text|json|sarif>  Output format (default: text)
  -o, --output <file>             Write the report to a file (atomically) instead of stdout
      --min-severity <level>      error, warning or info: report and fail on findings at or
                                  above this level (default: warning; emulator keys are info)
      --baseline <file>           Drop findings whose fingerprint is in this baseline file
      --write-baseline <file>     Write all current findings to a baseline file, exit 0
      --disable-rule <id>         Skip a rule (repeatable, or comma-separated)
      --max-file-size <size>      Skip larger files, e.g. 10M, 512K, 1G (default: 10M)
  -L, --follow                    Follow symbolic links (loops are detected and skipped)
      --no-ignore                 Do not read .gitignore, .git/info/exclude or .miscanignore
  -j, --jobs <n>                  Number of scanning threads (default: available cores)
      --strict                    Treat unreadable files as errors (exit code 2)
      --progress / --no-progress  Force the progress line on or off (default: on when stderr is a TTY)
  -q, --quiet                     Print only findings and errors (no summary, no progress)
      --verbose                   List skipped files (binary, too large, special, symlinks)
  -h, --help                      Show this help
  -v, --version                   Show the version

Exit codes: 0 no findings, 1 findings at or above --min-severity,
            2 usage error, unreadable baseline, output failure (or I/O errors with --strict).
`;

const severities: readonly Severity[] = ['error', 'warning', 'info'];
const formats: readonly OutputFormat[] = ['text', 'json', 'sarif'];

/** Parses sizes such as `1048576`, `512K`, `10M`, `1G`, `10MB` (binary multiples). */
export function parseSize(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmg]?)i?b?\s*$/i.exec(text);
  if (!match) return undefined;
  const unit = match[2].toLowerCase();
  const factor = unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : unit === 'g' ? 1024 ** 3 : 1;
  const value = Math.floor(Number(match[1]) * factor);
  return Number.isSafeInteger(value) ? value : undefined;
}

function invalid(message: string): ToolError {
  return new ToolError('invalidInput', message);
}

/**
 * Parses mi-scan's arguments. Throws a `ToolError` with reason `invalidInput` and a one-line message for
 * anything it cannot accept; the caller prints it with the usage text and exits 2.
 */
export function parseCliArgs(argv: readonly string[]): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string', short: 'f' },
        output: { type: 'string', short: 'o' },
        'min-severity': { type: 'string' },
        baseline: { type: 'string' },
        'write-baseline': { type: 'string' },
        'disable-rule': { type: 'string', multiple: true },
        'max-file-size': { type: 'string' },
        follow: { type: 'boolean', short: 'L' },
        'no-ignore': { type: 'boolean' },
        jobs: { type: 'string', short: 'j' },
        strict: { type: 'boolean' },
        progress: { type: 'boolean' },
        'no-progress': { type: 'boolean' },
        quiet: { type: 'boolean', short: 'q' },
        verbose: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    throw invalid((error as Error).message.split('\n')[0].split('. To specify')[0]);
  }
  const v = parsed.values;

  const format = (v.format ?? 'text').toLowerCase() as OutputFormat;
  if (!formats.includes(format)) throw invalid(`--format must be one of ${formats.join(', ')}, not '${v.format}'`);

  const minSeverity = (v['min-severity'] ?? 'warning').toLowerCase() as Severity;
  if (!severities.includes(minSeverity)) {
    throw invalid(`--min-severity must be one of ${severities.join(', ')}, not '${v['min-severity']}'`);
  }

  let maxFileSize = defaultMaxFileSize;
  if (v['max-file-size'] !== undefined) {
    const size = parseSize(v['max-file-size']);
    if (size === undefined || size <= 0) throw invalid(`--max-file-size must be a size such as 10M or 512K, not '${v['max-file-size']}'`);
    maxFileSize = size;
  }

  let jobs = Math.max(1, availableParallelism());
  if (v.jobs !== undefined) {
    if (!/^\d+$/.test(v.jobs) || Number(v.jobs) < 1 || Number(v.jobs) > 256) throw invalid(`--jobs must be a whole number from 1 to 256, not '${v.jobs}'`);
    jobs = Number(v.jobs);
  }

  for (const [name, value] of [['--output', v.output], ['--baseline', v.baseline], ['--write-baseline', v['write-baseline']]] as const) {
    if (value !== undefined && value.trim() === '') throw invalid(`${name} needs a file name`);
  }
  if (v.quiet && v.verbose) throw invalid('--quiet and --verbose cannot be used together');
  if (v.progress && v['no-progress']) throw invalid('--progress and --no-progress cannot be used together');

  const disabledRules = (v['disable-rule'] ?? []).flatMap((item) => item.split(',')).map((id) => id.trim()).filter((id) => id !== '');
  const paths = parsed.positionals.length > 0 ? parsed.positionals : ['.'];
  if (paths.some((p) => p === '')) throw invalid('an empty path was given');

  return {
    paths,
    format,
    output: v.output,
    minSeverity,
    baseline: v.baseline,
    writeBaseline: v['write-baseline'],
    disabledRules,
    maxFileSize,
    follow: v.follow ?? false,
    noIgnore: v['no-ignore'] ?? false,
    jobs,
    quiet: v.quiet ?? false,
    verbose: v.verbose ?? false,
    strict: v.strict ?? false,
    progress: v.progress ? true : v['no-progress'] ? false : undefined,
    help: v.help ?? false,
    version: v.version ?? false,
  };
}
