// The real-code tree for `npm run bench:scan`: about 100 MB of third-party code, copied from this
// project's own node_modules. The packages are pinned, by name and lockfile version, in realTree.json
// next to this file; every one is a top-level package of package-lock.json, so `npm ci` installs them all.
//
//   node scripts/bench/realTree.mjs [--out DIR] [--force]
//
// Default location: .bench/real-v<listVersion>/ in the project (gitignored), one folder per package
// (`@azure/storage-common/...`). The copy is a plain tree that every tool sees the same way:
// - it leaves out hidden files and folders (ripgrep skips them by default, mi-scan and secretlint do
//   not), nested node_modules folders (separate packages; secretlint never enters node_modules) and
//   symbolic links (none of the three follows them);
// - it has no ignore file of its own, and an empty `.git` folder at its root marks it as a repository
//   root, so the project's own .gitignore (dist/, out/, coverage/, ...) does not apply inside it for
//   mi-scan and ripgrep, which honour ignore files of enclosing folders (secretlint does not);
// - binary files are copied too (mi-scan and ripgrep skip them, as they would in a user's repository).
// The copy is reused while its manifest (${dir}.manifest.json) matches the pinned list, the installed
// versions, and the files and bytes found in the tree; otherwise it is copied again.
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eachFile } from './eachFile.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const list = JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'realTree.json'), 'utf8'));
export const listVersion = list.listVersion;
const stampName = 'mi-scan-bench-stamp';
/** Bytes looked at for a NUL to call a file binary: mi-scan's (and git's) window. */
const binaryProbeBytes = 8192;

export function defaultRealDir() {
  return join(root, '.bench', `real-v${listVersion}`);
}

/** The pinned package names, sorted by code unit. */
export function pinnedPackages() {
  return Object.keys(list.packages).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The installed version of each pinned package; throws when one is not installed. */
function installedVersions() {
  const versions = {};
  for (const name of pinnedPackages()) {
    const manifest = join(root, 'node_modules', name, 'package.json');
    if (!existsSync(manifest)) throw new Error(`node_modules/${name} is not installed: run \`npm ci\` (scripts/bench/realTree.json lists it)`);
    versions[name] = JSON.parse(readFileSync(manifest, 'utf8')).version;
  }
  return versions;
}

/** Entries of a folder that belong in the copy, sorted by name. */
function copiedEntries(folder) {
  return readdirSync(folder, { withFileTypes: true })
    .filter((entry) => !entry.name.startsWith('.') && !(entry.name === 'node_modules' && entry.isDirectory()) && (entry.isFile() || entry.isDirectory()))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Files and bytes of the copy as it is on disk (the stamp's .git folder is not part of it). */
function measureTree(dir) {
  let files = 0;
  let bytes = 0;
  eachFile(dir, (path) => {
    files++;
    bytes += lstatSync(path).size;
  });
  return { files, bytes };
}

/** Copies the pinned packages into `out` (replaced) and returns the manifest. */
function copyTree(out, versions) {
  const partial = `${out}.partial`;
  rmSync(partial, { recursive: true, force: true });
  const manifest = { listVersion, packages: versions, files: 0, bytes: 0, textFiles: 0, textBytes: 0, binaryFiles: 0, perPackage: {} };
  for (const name of pinnedPackages()) {
    const counts = { files: 0, bytes: 0 };
    const stack = [[join(root, 'node_modules', name), join(partial, name)]];
    while (stack.length > 0) {
      const [from, to] = stack.pop();
      mkdirSync(to, { recursive: true });
      for (const entry of copiedEntries(from)) {
        if (entry.isDirectory()) {
          stack.push([join(from, entry.name), join(to, entry.name)]);
          continue;
        }
        const content = readFileSync(join(from, entry.name));
        writeFileSync(join(to, entry.name), content);
        counts.files++;
        counts.bytes += content.length;
        if (content.subarray(0, binaryProbeBytes).includes(0)) manifest.binaryFiles++;
        else {
          manifest.textFiles++;
          manifest.textBytes += content.length;
        }
      }
    }
    manifest.perPackage[name] = counts;
    manifest.files += counts.files;
    manifest.bytes += counts.bytes;
  }
  mkdirSync(join(partial, '.git'));
  writeFileSync(join(partial, '.git', stampName), `${listVersion}\n`);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(dirname(out), { recursive: true });
  renameSync(partial, out);
  return manifest;
}

const sameVersions = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Returns `{ dir, manifest, reused, drift }`, copying the tree unless a complete copy of the same list
 * and installed versions is there. `drift` lists the packages whose installed version is not the one
 * pinned in realTree.json: figures from such a tree are not comparable with the pinned one's.
 */
export function ensureRealTree(out = defaultRealDir(), force = false) {
  const versions = installedVersions();
  const drift = pinnedPackages()
    .filter((name) => versions[name] !== list.packages[name])
    .map((name) => `${name} ${list.packages[name]} -> ${versions[name]}`);
  const manifestFile = `${out}.manifest.json`;
  if (!force && existsSync(join(out, '.git', stampName)) && existsSync(manifestFile)) {
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
    if (manifest.listVersion === listVersion && sameVersions(manifest.packages, versions)) {
      const found = measureTree(out);
      if (found.files === manifest.files && found.bytes === manifest.bytes) return { dir: out, manifest, reused: true, drift };
    }
  }
  const manifest = copyTree(out, versions);
  writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
  return { dir: out, manifest, reused: false, drift };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const outIndex = args.indexOf('--out');
  const out = outIndex >= 0 ? resolve(args[outIndex + 1]) : defaultRealDir();
  const started = Date.now();
  const { dir, manifest, reused, drift } = ensureRealTree(out, args.includes('--force'));
  const mb = (bytes) => (bytes / (1024 * 1024)).toFixed(1);
  console.log(`${reused ? 'reused' : 'copied'} ${dir}: ${Object.keys(manifest.packages).length} packages, ${manifest.files} files (${mb(manifest.bytes)} MB); ${manifest.textFiles} text (${mb(manifest.textBytes)} MB), ${manifest.binaryFiles} binary (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  for (const line of drift) console.log(`  installed version differs from realTree.json: ${line}`);
}
