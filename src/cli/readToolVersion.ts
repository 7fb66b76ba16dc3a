import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

declare const MI_VERSION: string | undefined;

/**
 * mi-scan's version: a build-time `MI_VERSION` define if the bundler sets one, else the `version` of the
 * nearest package.json above this file (dist/cli.js → package.json; out/src/cli → package.json).
 */
export function readToolVersion(start: string = __dirname): string {
  if (typeof MI_VERSION === 'string') return MI_VERSION;
  for (let dir = start; ; dir = dirname(dir)) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
      if (manifest.name === 'managed-identity-tools' && typeof manifest.version === 'string') return manifest.version;
    } catch {
      // Not here; keep looking upwards.
    }
    if (dirname(dir) === dir) return '0.0.0-dev';
  }
}
