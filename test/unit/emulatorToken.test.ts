// The emulator's App Service-style managed identity token endpoint (IDENTITY_ENDPOINT / IDENTITY_HEADER).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { get } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { type ArmEmulator, isLoopback, startArmEmulator } from '../emulator/ArmEmulator';
import { rawRequest } from '../emulator/rawRequest';
import { demoTenant, demoTenantId } from '../emulator/seeds/demoTenant';
import { decodeToken } from '../emulator/tokens';

function fetchToken(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    get(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown> }));
    }).on('error', reject);
  });
}

describe('managed identity token endpoint', () => {
  let emu: ArmEmulator;
  let url: string;
  let header: string;
  const q = (extra: string): string => `${url}?api-version=2019-08-01&resource=${encodeURIComponent('https://storage.azure.com')}${extra}`;

  before(async () => {
    emu = await startArmEmulator({ seed: demoTenant() });
    assert.ok(emu.tokenEndpoint);
    url = emu.tokenEndpoint.url;
    header = emu.tokenEndpoint.header;
  });
  after(async () => {
    await emu.stop();
  });

  it('listens on loopback with a random header secret', () => {
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/msi\/token$/);
    assert.match(header, /^[0-9a-f]{48}$/);
    assert.ok(isLoopback('127.0.0.1') && isLoopback('::1') && isLoopback('::ffff:127.0.0.1'));
    assert.ok(!isLoopback('10.0.0.4') && !isLoopback(undefined));
  });

  it('refuses requests without the header secret, with a wrong secret, or a wrong api-version', async () => {
    assert.equal((await fetchToken(q(''))).status, 401);
    assert.equal((await fetchToken(q(''), { 'X-IDENTITY-HEADER': 'nope' })).status, 401);
    const wrongVersion = await fetchToken(`${url}?api-version=2017-09-01&resource=https://storage.azure.com`, { 'X-IDENTITY-HEADER': header });
    assert.equal(wrongVersion.status, 400);
    assert.equal(wrongVersion.body.error, 'invalid_request');
  });

  it('issues a JWT for the requested resource and identity that Azurite-style validation accepts', async () => {
    const identity = [...emu.state.identities.values()].find((i) => i.name === 'id-shop-api')!;
    const now = Math.floor(Date.now() / 1000);
    for (const select of [`&client_id=${identity.clientId}`, `&mi_res_id=${encodeURIComponent(identity.id)}`, `&object_id=${identity.principalId}`]) {
      const { status, body } = await fetchToken(q(select), { 'X-IDENTITY-HEADER': header });
      assert.equal(status, 200, select);
      assert.deepEqual(Object.keys(body).sort(), ['access_token', 'client_id', 'expires_on', 'resource', 'token_type']);
      assert.equal(body.token_type, 'Bearer');
      assert.equal(body.client_id, identity.clientId);
      assert.equal(body.resource, 'https://storage.azure.com');
      assert.match(String(body.expires_on), /^\d+$/);
      const claims = decodeToken(String(body.access_token));
      assert.equal(claims.aud, 'https://storage.azure.com');
      assert.equal(claims.iss, `https://sts.windows.net/${demoTenantId}/`);
      assert.equal(claims.tid, demoTenantId);
      assert.equal(claims.oid, identity.principalId);
      assert.equal(claims.appid, identity.clientId);
      assert.ok(claims.nbf <= now && claims.iat <= now + 1 && claims.exp > now + 3000);
      assert.equal(Number(body.expires_on), claims.exp);
    }
    const unknown = await fetchToken(q('&client_id=00000000-0000-4000-8000-000000000000'), { 'X-IDENTITY-HEADER': header });
    assert.equal(unknown.status, 400);
    const twoIds = await fetchToken(q(`&client_id=${identity.clientId}&object_id=${identity.principalId}`), { 'X-IDENTITY-HEADER': header });
    assert.equal(twoIds.status, 400);
  });

  it('issues tokens for the management audience that the ARM side accepts', async () => {
    const { body } = await fetchToken(`${url}?api-version=2019-08-01&resource=${encodeURIComponent('https://management.azure.com/')}`, { 'X-IDENTITY-HEADER': header });
    const sub = emu.state.subscriptions[0].subscriptionId;
    const res = await rawRequest(emu, 'GET', `/subscriptions/${sub}/providers/Microsoft.ManagedIdentity/userAssignedIdentities?api-version=2024-11-30`, { authorization: `Bearer ${String(body.access_token)}` });
    assert.equal(res.status, 200);
  });

  it('serves @azure/identity ManagedIdentityCredential with IDENTITY_ENDPOINT and IDENTITY_HEADER set (in a child process)', async () => {
    const identity = [...emu.state.identities.values()].find((i) => i.name === 'id-shop-worker')!;
    const script = `
      const { ManagedIdentityCredential } = require('@azure/identity');
      new ManagedIdentityCredential({ clientId: process.argv[1] }).getToken('https://storage.azure.com/.default')
        .then((t) => console.log(JSON.stringify({ token: t.token, expiresOnTimestamp: t.expiresOnTimestamp })))
        .catch((e) => { console.error(e.message); process.exit(1); });`;
    const env: NodeJS.ProcessEnv = { ...process.env, IDENTITY_ENDPOINT: url, IDENTITY_HEADER: header };
    for (const k of ['MSI_ENDPOINT', 'MSI_SECRET', 'IDENTITY_SERVER_THUMBPRINT', 'IMDS_ENDPOINT', 'AZURE_CLIENT_ID', 'AZURE_TENANT_ID']) delete env[k];
    const { stdout } = await promisify(execFile)(process.execPath, ['-e', script, identity.clientId], { env, cwd: process.cwd(), timeout: 20_000 });
    const result = JSON.parse(stdout) as { token: string; expiresOnTimestamp: number };
    const claims = decodeToken(result.token);
    assert.equal(claims.aud, 'https://storage.azure.com');
    assert.equal(claims.appid, identity.clientId);
    assert.ok(result.expiresOnTimestamp > Date.now() + 60_000, 'expires_on was understood');
  });

  it('can be turned off', async () => {
    const bare = await startArmEmulator({ tokenEndpoint: false });
    try {
      assert.equal(bare.tokenEndpoint, undefined);
    } finally {
      await bare.stop();
    }
  });
});
