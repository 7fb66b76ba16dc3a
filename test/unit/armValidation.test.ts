import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateFederatedCredentialName, validateIdentityName, validateLocation, validateTags, isValidIdentityName } from '../../src/core/arm/validation';
import {
  azureAdTokenExchangeAudience,
  buildGitHubActionsCredential,
  buildKubernetesCredential,
  githubActionsIssuer,
  validateFederatedCredentialSpec,
} from '../../src/core/arm/federatedCredentials';
import { ToolError } from '../../src/core/errors';

const invalid = (e: unknown): boolean => ToolError.is(e, 'invalidInput');

describe('identity names', () => {
  it('accepts ARM-valid names', () => {
    for (const ok of ['abc', 'my-identity_1', '1st', 'A'.repeat(128)]) assert.equal(validateIdentityName(ok), ok);
  });
  it('rejects the rest with the reason', () => {
    assert.throws(() => validateIdentityName('ab'), /at least 3/);
    assert.throws(() => validateIdentityName('a'.repeat(129)), /at most 128/);
    assert.throws(() => validateIdentityName('-abc'), /start with a letter or a digit/);
    assert.throws(() => validateIdentityName('has space'), /only letters, digits/);
    for (const bad of ['a.b.c', 'ab/c', 'abc!', '']) assert.ok(!isValidIdentityName(bad), bad);
  });
  it('federated credential names', () => {
    assert.equal(validateFederatedCredentialName('github-main'), 'github-main');
    assert.throws(() => validateFederatedCredentialName('x'.repeat(121)), invalid);
    assert.throws(() => validateFederatedCredentialName('_x1'), invalid);
  });
});

describe('locations and tags', () => {
  it('normalises display names of locations', () => {
    assert.equal(validateLocation('West Europe'), 'westeurope');
    assert.equal(validateLocation('eastus2'), 'eastus2');
    for (const bad of ['', 'east-us', '1east', 'x']) assert.throws(() => validateLocation(bad), invalid, bad);
  });
  it('validates tags', () => {
    assert.equal(validateTags(undefined), undefined);
    assert.deepEqual(validateTags({ env: 'dev' }), { env: 'dev' });
    assert.throws(() => validateTags({ 'a/b': 'x' }), invalid);
    assert.throws(() => validateTags({ a: 'x'.repeat(257) }), invalid);
    assert.throws(() => validateTags(Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`t${i}`, 'v']))), invalid);
    assert.throws(() => validateTags({ a: 1 as unknown as string }), invalid);
  });
});

describe('GitHub Actions subjects', () => {
  const base = { organization: 'contoso', repository: 'web.app-1' };
  it('builds branch, environment, pull request and tag subjects', () => {
    const branch = buildGitHubActionsCredential({ ...base, entity: { kind: 'branch', branch: 'release/v1' } });
    assert.deepEqual(branch, { issuer: githubActionsIssuer, subject: 'repo:contoso/web.app-1:ref:refs/heads/release/v1', audiences: [azureAdTokenExchangeAudience] });
    assert.equal(githubActionsIssuer, 'https://token.actions.githubusercontent.com');
    assert.equal(azureAdTokenExchangeAudience, 'api://AzureADTokenExchange');
    assert.equal(buildGitHubActionsCredential({ ...base, entity: { kind: 'environment', environment: 'Production EU' } }).subject, 'repo:contoso/web.app-1:environment:Production EU');
    assert.equal(buildGitHubActionsCredential({ ...base, entity: { kind: 'pullRequest' } }).subject, 'repo:contoso/web.app-1:pull_request');
    assert.equal(buildGitHubActionsCredential({ ...base, entity: { kind: 'tag', tag: 'v1.2.3' } }).subject, 'repo:contoso/web.app-1:ref:refs/tags/v1.2.3');
  });
  it('rejects invalid owners, repositories, refs and environments', () => {
    const cases = [
      { organization: '-contoso', repository: 'r', entity: { kind: 'pullRequest' as const } },
      { organization: 'con--toso', repository: 'r', entity: { kind: 'pullRequest' as const } },
      { organization: 'contoso', repository: 'a/b', entity: { kind: 'pullRequest' as const } },
      { organization: 'contoso', repository: '..', entity: { kind: 'pullRequest' as const } },
      { ...base, entity: { kind: 'branch' as const, branch: 'a..b' } },
      { ...base, entity: { kind: 'branch' as const, branch: 'has space' } },
      { ...base, entity: { kind: 'branch' as const, branch: 'x:y' } },
      { ...base, entity: { kind: 'branch' as const, branch: '' } },
      { ...base, entity: { kind: 'tag' as const, tag: 'v1.lock' } },
      { ...base, entity: { kind: 'environment' as const, environment: 'a:b' } },
      { ...base, entity: { kind: 'environment' as const, environment: ' ' } },
    ];
    for (const c of cases) assert.throws(() => buildGitHubActionsCredential(c), invalid, JSON.stringify(c));
  });
});

describe('Kubernetes subjects', () => {
  const issuerUrl = 'https://eastus.oic.prod-aks.azure.com/72f988bf-86f1-41af-91ab-2d7cd011db47/3c9e4d5e-1111-2222-3333-444444444444/';
  it('builds system:serviceaccount subjects with the cluster issuer', () => {
    assert.deepEqual(buildKubernetesCredential({ issuerUrl, namespace: 'payments', serviceAccount: 'api.worker' }), {
      issuer: issuerUrl,
      subject: 'system:serviceaccount:payments:api.worker',
      audiences: ['api://AzureADTokenExchange'],
    });
  });
  it('rejects invalid issuers, namespaces and service accounts', () => {
    for (const bad of [
      { issuerUrl: 'http://issuer.example', namespace: 'a', serviceAccount: 'b' },
      { issuerUrl: 'https://issuer.example/?x=1', namespace: 'a', serviceAccount: 'b' },
      { issuerUrl: 'not a url', namespace: 'a', serviceAccount: 'b' },
      { issuerUrl, namespace: 'Payments', serviceAccount: 'b' },
      { issuerUrl, namespace: 'a'.repeat(64), serviceAccount: 'b' },
      { issuerUrl, namespace: 'a', serviceAccount: 'b_c' },
      { issuerUrl, namespace: 'a', serviceAccount: '' },
    ]) {
      assert.throws(() => buildKubernetesCredential(bad), invalid, JSON.stringify(bad));
    }
  });
  it('validates a hand-entered spec', () => {
    assert.throws(() => validateFederatedCredentialSpec({ issuer: 'https://x', subject: '', audiences: ['a'] }), invalid);
    assert.throws(() => validateFederatedCredentialSpec({ issuer: 'https://x', subject: 's', audiences: ['a', 'b'] }), invalid);
    assert.deepEqual(validateFederatedCredentialSpec({ issuer: 'https://x', subject: 's', audiences: ['a'] }), { issuer: 'https://x', subject: 's', audiences: ['a'] });
  });
});
