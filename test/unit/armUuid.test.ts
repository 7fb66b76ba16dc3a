import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertGuid, isGuid, uuidNamespaces, uuidV5 } from '../../src/core/arm/uuidv5';
import { ToolError } from '../../src/core/errors';
import {
  backoffSchedule,
  deterministicRoleAssignmentName,
  groupAssignmentsByPrincipal,
  roleDefinitionGuid,
  roleDefinitionIdForScope,
} from '../../src/core/arm/roleAssignments';

describe('uuidV5', () => {
  it('matches known vectors (RFC 9562 appendix, Python uuid.uuid5)', () => {
    assert.equal(uuidV5(uuidNamespaces.dns, 'www.example.com'), '2ed6657d-e927-568b-95e1-2665a8aea6a2');
    assert.equal(uuidV5(uuidNamespaces.dns, 'python.org'), '886313e1-3b8a-5372-9b90-0c9aee199e5d');
    assert.equal(uuidV5(uuidNamespaces.url, 'https://management.azure.com/'), 'c0e2671e-d933-5029-aedc-2557537797c4');
  });

  it('sets version 5 and the RFC variant, and accepts an upper-case namespace', () => {
    const id = uuidV5(uuidNamespaces.dns.toUpperCase(), 'x');
    assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(id, uuidV5(uuidNamespaces.dns, 'x'));
  });

  it('rejects a namespace that is not a GUID', () => {
    assert.throws(() => uuidV5('nope', 'x'), (e) => ToolError.is(e, 'invalidInput'));
  });
});

describe('GUIDs', () => {
  it('recognises canonical GUIDs only', () => {
    assert.ok(isGuid('11111111-2222-3333-4444-555555555555'));
    assert.ok(isGuid('ABCDEF00-2222-3333-4444-555555555555'));
    for (const bad of ['', '{11111111-2222-3333-4444-555555555555}', '11111111222233334444555555555555', '11111111-2222-3333-4444-55555555555g', 42, null]) {
      assert.equal(isGuid(bad), false, String(bad));
    }
    assert.equal(assertGuid('ABCDEF00-2222-3333-4444-555555555555', 'x'), 'abcdef00-2222-3333-4444-555555555555');
    assert.throws(() => assertGuid('x', 'The principal id'), /The principal id must be a GUID/);
  });
});

const sub = '00000000-0000-0000-0000-0000000000a1';
const principal = '11111111-2222-3333-4444-555555555555';
const reader = 'acdd72a7-3385-48ef-bd42-f606fba81ae7';

describe('deterministicRoleAssignmentName', () => {
  it('is stable, a v5 GUID, and ignores the spelling of the same grant', () => {
    const name = deterministicRoleAssignmentName(`/subscriptions/${sub}/resourceGroups/rg`, principal, reader);
    assert.match(name, /^[0-9a-f]{8}-[0-9a-f]{4}-5/);
    assert.equal(deterministicRoleAssignmentName(`subscriptions/${sub.toUpperCase()}/RESOURCEGROUPS/RG/`, principal.toUpperCase(), `/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/${reader}`), name);
    assert.equal(deterministicRoleAssignmentName(`/subscriptions/${sub}/resourceGroups/rg`, principal, `/providers/Microsoft.Authorization/roleDefinitions/${reader.toUpperCase()}`), name);
  });

  it('differs when the scope, principal or role differs', () => {
    const base = deterministicRoleAssignmentName(`/subscriptions/${sub}`, principal, reader);
    assert.notEqual(deterministicRoleAssignmentName(`/subscriptions/${sub}/resourceGroups/rg`, principal, reader), base);
    assert.notEqual(deterministicRoleAssignmentName(`/subscriptions/${sub}`, '11111111-2222-3333-4444-555555555556', reader), base);
    assert.notEqual(deterministicRoleAssignmentName(`/subscriptions/${sub}`, principal, 'b24988ac-6180-42a0-ab88-20f7382dd24c'), base);
  });

  it('validates its inputs', () => {
    assert.throws(() => deterministicRoleAssignmentName(`/subscriptions/${sub}`, 'me', reader), (e) => ToolError.is(e, 'invalidInput'));
    assert.throws(() => deterministicRoleAssignmentName('/nonsense', principal, reader), (e) => ToolError.is(e, 'invalidInput'));
    assert.throws(() => deterministicRoleAssignmentName(`/subscriptions/${sub}`, principal, 'Reader'), (e) => ToolError.is(e, 'invalidInput'));
  });
});

describe('role definition ids', () => {
  it('extracts the GUID from any form', () => {
    assert.equal(roleDefinitionGuid(reader.toUpperCase()), reader);
    assert.equal(roleDefinitionGuid(`/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/${reader}`), reader);
    assert.equal(roleDefinitionGuid(`/providers/microsoft.authorization/roledefinitions/${reader}`), reader);
  });

  it('addresses the role through the scope subscription, or the tenant for management groups', () => {
    assert.equal(roleDefinitionIdForScope(`/subscriptions/${sub}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/data`, reader), `/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/${reader}`);
    assert.equal(roleDefinitionIdForScope('/providers/Microsoft.Management/managementGroups/mg1', reader), `/providers/Microsoft.Authorization/roleDefinitions/${reader}`);
  });
});

describe('groupAssignmentsByPrincipal', () => {
  const a = [
    { principalId: principal.toUpperCase(), id: '1' },
    { principalId: principal, id: '2' },
    { principalId: '99999999-2222-3333-4444-555555555555', id: '3' },
  ];
  it('groups case-insensitively', () => {
    const groups = groupAssignmentsByPrincipal(a);
    assert.deepEqual(groups.get(principal)?.map((x) => x.id), ['1', '2']);
    assert.equal(groups.size, 2);
  });
  it('keeps only the principals asked for', () => {
    const groups = groupAssignmentsByPrincipal(a, ['99999999-2222-3333-4444-555555555555'.toUpperCase()]);
    assert.deepEqual([...groups.keys()], ['99999999-2222-3333-4444-555555555555']);
  });
});

describe('backoffSchedule', () => {
  it('doubles and caps', () => {
    assert.deepEqual(backoffSchedule({ initialDelayMs: 100, maxDelayMs: 500, maxRetries: 5 }), [100, 200, 400, 500, 500]);
    assert.deepEqual(backoffSchedule().slice(0, 3), [2000, 4000, 8000]);
    assert.deepEqual(backoffSchedule({ maxRetries: 0 }), []);
    assert.throws(() => backoffSchedule({ maxRetries: -1 }));
  });
});
