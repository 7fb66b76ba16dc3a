// Generates the benchmark repository for `npm run bench:scan`: a deterministic (seeded) mixed tree of
// more than 200 MB of scannable text in more than 20,000 files — JS/TS/Python/C#/Java/Go sources, JSON
// configs, YAML, .env, Markdown, a few large minified bundles, binaries, and .gitignore'd folders
// (root and nested) — with a known sprinkling of synthetic secrets listed in manifest.json next to it.
//
//   node scripts/bench/genRepo.mjs [--out DIR] [--force]
//
// Default location: $TMPDIR/mi-scan-bench/repo-v<version>. A tree whose stamp matches the generator's
// version is reused; bump `generatorVersion` whenever the output changes.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mulberry32 } from '../mulberry32.mjs';

export const generatorVersion = 2;
const stampName = '.mi-scan-bench-stamp';

const random = mulberry32(20260601);
const int = (n) => Math.floor(random() * n);
const pick = (list) => list[int(list.length)];
const base64Chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const alnum = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const chars = (alphabet, n) => {
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[int(alphabet.length)];
  return s;
};
const ident = () => pick(['order', 'customer', 'invoice', 'payment', 'shipment', 'catalog', 'report', 'session', 'tenant', 'widget', 'account', 'queue', 'blob', 'message', 'profile', 'audit']) + pick(['Service', 'Client', 'Handler', 'Store', 'Repository', 'Manager', 'Factory', 'Options', 'Mapper', 'Worker', '']);
const word = () => pick(['value', 'items', 'result', 'count', 'index', 'name', 'data', 'config', 'options', 'total', 'buffer', 'status', 'retry', 'timeout', 'endpoint', 'region', 'key', 'id']);

/** Synthetic secrets of the shapes the scanner looks for; every one is random, none is real. */
const secretMakers = {
  storageConnectionString: () => `DefaultEndpointsProtocol=https;AccountName=${chars('abcdefghijklmnopqrstuvwxyz', 10)};AccountKey=${chars(base64Chars, 86)}==;EndpointSuffix=core.windows.net`,
  serviceBusConnectionString: () => `Endpoint=sb://${chars('abcdefghijklmnopqrstuvwxyz', 8)}.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${chars(base64Chars, 43)}=`,
  cosmosConnectionString: () => `AccountEndpoint=https://${chars('abcdefghijklmnopqrstuvwxyz', 8)}.documents.azure.com:443/;AccountKey=${chars(base64Chars, 86)}==;`,
  sqlConnectionString: () => `Server=tcp:${chars('abcdefghijklmnopqrstuvwxyz', 8)}.database.windows.net,1433;Initial Catalog=orders;User ID=appuser;Password=${chars(alnum, 12)}!${chars(alnum, 4)};Encrypt=True;`,
  entraClientSecret: () => `${chars(alnum, 3)}${int(10)}Q~${chars(alnum + '_.-', 34)}`,
  sasUrl: () => `https://${chars('abcdefghijklmnopqrstuvwxyz', 9)}.blob.core.windows.net/uploads?sv=2022-11-02&ss=b&srt=co&sp=rwdlac&se=2030-01-01T00:00:00Z&st=2024-01-01T00:00:00Z&spr=https&sig=${encodeURIComponent(chars(base64Chars, 43) + '=')}`,
};

const placeholders = ['<your-account-key>', '${STORAGE_KEY}', '$(SqlPassword)', '%API_KEY%', '{{ secrets.KEY }}', 'changeme', 'xxxxxxxxxxxxxxxx'];

function line(language) {
  const r = random();
  const a = ident();
  const b = word();
  switch (language) {
    case 'js':
    case 'ts':
      if (r < 0.3) return `  const ${b}${int(100)} = await this.${a.toLowerCase()}.get${a}(${word()}, { retries: ${int(9)} });`;
      if (r < 0.5) return `  if (!${b} || ${b}.length === 0) { return ${pick(['null', 'undefined', '[]', 'false'])}; }`;
      if (r < 0.65) return `  // ${pick(['TODO', 'NOTE', 'FIXME'])}: ${word()} handling for the ${a} path, see #${int(5000)}`;
      if (r < 0.75) return `export function ${b}${a}(${word()}${language === 'ts' ? ': string' : ''}, ${word()}${language === 'ts' ? ': number' : ''}) {`;
      if (r < 0.8) return `  const password = process.env.DB_PASSWORD ?? '';`;
      if (r < 0.85) return `  logger.info(\`${a} ${b} processed in \${Date.now() - start} ms\`);`;
      return `  ${b}.push({ id: ${int(100000)}, name: '${a}-${int(1000)}', enabled: ${r < 0.9} });`;
    case 'py':
      if (r < 0.3) return `    ${b}_${int(100)} = self.${a.toLowerCase()}.get_${b}(${word()}, retries=${int(9)})`;
      if (r < 0.5) return `    if not ${b}:\n        return None`;
      if (r < 0.65) return `    # ${word()} handling for the ${a} path, see #${int(5000)}`;
      if (r < 0.75) return `def ${b}_${a.toLowerCase()}(${word()}, ${word()}=None):`;
      if (r < 0.8) return `    password = os.environ.get("DB_PASSWORD", "")`;
      return `    logger.info("%s processed %d items", "${a}", len(${b}))`;
    case 'cs':
      if (r < 0.3) return `        var ${b}${int(100)} = await _${a.toLowerCase()}.Get${a}Async(${word()}, cancellationToken);`;
      if (r < 0.5) return `        if (${b} is null) throw new ArgumentNullException(nameof(${b}));`;
      if (r < 0.65) return `        // ${word()} handling for the ${a} path, see #${int(5000)}`;
      if (r < 0.75) return `    public async Task<${a}> ${b}${a}Async(string ${word()}, int ${word()}) {`;
      if (r < 0.8) return `        var secret = configuration["KeyVault:SecretName"];`;
      return `        _logger.LogInformation("{Name} processed {Count}", "${a}", ${b}.Count);`;
    case 'java':
      if (r < 0.3) return `        final var ${b}${int(100)} = ${a.toLowerCase()}.get${a}(${word()}, ${int(9)});`;
      if (r < 0.5) return `        if (${b} == null) { throw new IllegalArgumentException("${b}"); }`;
      if (r < 0.7) return `    public ${a} ${b}${a}(String ${word()}, int ${word()}) {`;
      return `        LOG.info("{} processed {}", "${a}", ${b}.size());`;
    case 'go':
      if (r < 0.3) return `\t${b}${int(100)}, err := c.${a}.Get(ctx, ${word()})`;
      if (r < 0.5) return `\tif err != nil {\n\t\treturn nil, fmt.Errorf("${b}: %w", err)\n\t}`;
      if (r < 0.7) return `func (s *${a}) ${b[0].toUpperCase() + b.slice(1)}(ctx context.Context, ${word()} string) error {`;
      return `\tlog.Printf("%s processed %d", "${a}", len(${b}))`;
    case 'yaml':
      if (r < 0.4) return `  ${b}: ${pick(['true', 'false', int(1000), `"${a}"`])}`;
      if (r < 0.6) return `    - name: ${a.toLowerCase()}-${int(100)}\n      image: contoso.azurecr.io/${a.toLowerCase()}:${int(20)}.${int(10)}`;
      if (r < 0.7) return `      password: ${pick(placeholders)}`;
      return `  # ${word()} for ${a}`;
    case 'md':
      if (r < 0.5) return `The ${a} ${b} is processed by the ${ident()} before it reaches the ${word()} stage (see issue ${int(5000)}).`;
      if (r < 0.7) return `- ${a}: ${word()} ${word()} ${word()}`;
      if (r < 0.8) return `Set \`AccountKey=${pick(placeholders)}\` in your local settings, never in source.`;
      return `## ${a} ${b}`;
    default:
      return `${b}=${a}`;
  }
}

function sourceFile(language, targetBytes, secret) {
  const lines = [];
  let size = 0;
  while (size < targetBytes) {
    const text = line(language);
    lines.push(text);
    size += text.length + 1;
  }
  if (secret) {
    const text = language === 'py' ? `    conn = "${secret}"` : language === 'go' ? `\tconn := "${secret}"` : language === 'yaml' ? `  connection: "${secret}"` : language === 'md' ? `Connection: \`${secret}\`` : `  const conn = "${secret}";`;
    lines.splice(1 + int(lines.length), 0, text);
  }
  return `${lines.join('\n')}\n`;
}

function jsonFile(targetBytes, secret) {
  const settings = { Logging: { LogLevel: { Default: 'Information' } }, AllowedHosts: '*', Items: [] };
  if (secret) settings.ConnectionStrings = { Default: secret };
  let text = '';
  while (text.length < targetBytes) {
    settings.Items.push({ id: int(1e6), name: ident(), enabled: random() < 0.5, tags: [word(), word()], endpoint: `https://${ident().toLowerCase()}.example.com` });
    if (settings.Items.length % 50 === 0) text = JSON.stringify(settings, null, 2);
  }
  return `${JSON.stringify(settings, null, 2)}\n`;
}

function envFile(secret) {
  const lines = [`NODE_ENV=production`, `PORT=${3000 + int(1000)}`, `API_KEY=${pick(placeholders)}`, `LOG_LEVEL=info`];
  if (secret) lines.push(`AZURE_CONNECTION=${secret}`);
  return `${lines.join('\n')}\n`;
}

function minifiedFile(targetBytes, secret) {
  const parts = [];
  let size = 0;
  while (size < targetBytes) {
    const part = `function ${chars('abcdefghij', 2)}(${chars('abc', 1)}){var ${chars('xyz', 1)}=${int(1e6)};return ${chars('abc', 1)}.map(function(q){return q*${int(100)}+"${chars(alnum, 12)}"})}`;
    parts.push(part);
    size += part.length;
  }
  if (secret) parts.splice(int(parts.length), 0, `var c="${secret}";`);
  return parts.join(';');
}

function binaryFile(bytes) {
  const buffer = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i++) buffer[i] = random() < 0.2 ? 0 : int(256);
  return buffer;
}

const languages = [
  ['js', 'js', 0.2], ['ts', 'ts', 0.2], ['py', 'py', 0.14], ['cs', 'cs', 0.12], ['java', 'java', 0.1], ['go', 'go', 0.08],
  ['yaml', 'yaml', 0.06], ['md', 'md', 0.05], ['json', 'json', 0.04], ['env', 'env', 0.01],
];

function pickLanguage() {
  let r = random();
  for (const entry of languages) {
    if (r < entry[2]) return entry;
    r -= entry[2];
  }
  return languages[0];
}

/** Generates the tree into `out` (emptied first) and returns its manifest. */
export function generate(out) {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const manifest = { version: generatorVersion, files: 0, bytes: 0, ignoredFiles: 0, binaryFiles: 0, secrets: [] };
  const write = (relative, content, { ignored = false, binary = false } = {}) => {
    const file = join(out, relative);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
    const size = typeof content === 'string' ? Buffer.byteLength(content) : content.length;
    if (ignored) manifest.ignoredFiles++;
    else if (binary) manifest.binaryFiles++;
    else {
      manifest.files++;
      manifest.bytes += size;
    }
  };
  const maybeSecret = (relative, probability) => {
    if (random() >= probability) return undefined;
    const kind = pick(Object.keys(secretMakers));
    manifest.secrets.push({ path: relative, kind });
    return secretMakers[kind]();
  };

  write('.gitignore', 'node_modules/\ndist/\n*.log\n.cache/\n');
  write('README.md', sourceFile('md', 4000));

  const packages = 40;
  const filesPerPackage = 540;
  for (let p = 0; p < packages; p++) {
    const pkg = `packages/${ident().toLowerCase()}-${p}`;
    write(`${pkg}/.gitignore`, 'generated/\n*.tmp\n');
    for (let f = 0; f < filesPerPackage; f++) {
      const [language, extension] = pickLanguage();
      const folder = `${pkg}/src/${pick(['core', 'api', 'data', 'util', 'services', 'models'])}${f % 7 === 0 ? `/${word()}` : ''}`;
      const relative = language === 'env' ? `${folder}/.env.${f}` : `${folder}/${ident()}${f}.${extension}`;
      const size = 2000 + int(15000);
      const secret = maybeSecret(relative, 0.004);
      if (language === 'json') write(relative, jsonFile(size, secret));
      else if (language === 'env') write(relative, envFile(secret));
      else write(relative, sourceFile(language, size, secret));
    }
    // Ignored by the nested .gitignore: generated code and temporary files.
    for (let g = 0; g < 12; g++) write(`${pkg}/generated/Model${g}.cs`, sourceFile('cs', 3000 + int(4000), g === 0 ? secretMakers.storageConnectionString() : undefined), { ignored: true });
    write(`${pkg}/build.tmp`, sourceFile('js', 2000), { ignored: true });
    // Binaries: images and a compiled library.
    for (let b = 0; b < 6; b++) write(`${pkg}/assets/image${b}.png`, binaryFile(8000 + int(40000)), { binary: true });
  }
  // Ignored by the root .gitignore: a vendored node_modules tree and build output.
  for (let m = 0; m < 800; m++) write(`node_modules/${ident().toLowerCase()}/lib/index${m}.js`, sourceFile('js', 3000 + int(8000)), { ignored: true });
  for (let d = 0; d < 100; d++) write(`dist/chunk${d}.js`, minifiedFile(20000), { ignored: true });
  // A few large minified bundles that are not ignored (each under the default 10 MB limit).
  for (let v = 0; v < 4; v++) {
    const relative = `public/vendor/bundle${v}.min.js`;
    write(relative, minifiedFile(6 * 1024 * 1024, maybeSecret(relative, 0.5)));
  }
  writeFileSync(join(out, stampName), `${generatorVersion}\n`);
  return manifest;
}

export function defaultOutDir() {
  return join(process.env.TMPDIR || tmpdir(), 'mi-scan-bench', `repo-v${generatorVersion}`);
}

/** Returns `{ dir, manifest }`, generating the tree unless one with the current stamp exists. */
export function ensureRepo(out = defaultOutDir(), force = false) {
  const manifestFile = `${out}.manifest.json`;
  const stamp = join(out, stampName);
  if (!force && existsSync(stamp) && existsSync(manifestFile) && readFileSync(stamp, 'utf8').trim() === String(generatorVersion)) {
    return { dir: out, manifest: JSON.parse(readFileSync(manifestFile, 'utf8')), reused: true };
  }
  const manifest = generate(out);
  writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
  return { dir: out, manifest, reused: false };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const outIndex = args.indexOf('--out');
  const out = outIndex >= 0 ? args[outIndex + 1] : defaultOutDir();
  const started = Date.now();
  const { dir, manifest, reused } = ensureRepo(out, args.includes('--force'));
  console.log(`${reused ? 'reused' : 'generated'} ${dir}: ${manifest.files} text files (${(manifest.bytes / 1048576).toFixed(1)} MB), ${manifest.binaryFiles} binary, ${manifest.ignoredFiles} ignored, ${manifest.secrets.length} synthetic secrets (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}
