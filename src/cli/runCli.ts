import { parseArgs } from 'node:util';

export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

/** Exit codes: 0 clean, 1 findings, 2 usage or I/O error. */
export const ExitCode = { clean: 0, findings: 1, error: 2 } as const;

export const usage = `Usage: mi-scan [options] [paths...]

Finds hardcoded Azure secrets that a managed identity can replace.

Options:
  -h, --help       Show this help
  -v, --version    Show the version
`;

declare const MI_VERSION: string | undefined;

export function runCli(argv: string[], io: CliIo): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    io.stderr.write(`mi-scan: ${(error as Error).message}\n\n${usage}`);
    return ExitCode.error;
  }
  if (parsed.values.help) {
    io.stdout.write(usage);
    return ExitCode.clean;
  }
  if (parsed.values.version) {
    io.stdout.write(`${typeof MI_VERSION === 'string' ? MI_VERSION : 'dev'}\n`);
    return ExitCode.clean;
  }
  io.stderr.write(`mi-scan: scanning is not available in this build\n`);
  return ExitCode.error;
}
