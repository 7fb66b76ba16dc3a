import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  computeIdentityTransition,
  detectSpelling,
  formatIdentityType,
  type IdentityOperation,
  type IdentityState,
  parseIdentityType,
  readIdentityState,
} from '../../src/core/arm/identityTransition';
import { identityResourceProfile, resourceDisplayKind } from '../../src/core/arm/resourceTypes';
import { ToolError } from '../../src/core/errors';

const uami = (n: number): string => `/subscriptions/00000000-0000-0000-0000-0000000000a1/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id${n}`;
const A = uami(1);
const B = uami(2);
const C = uami(3);

const states: Record<string, IdentityState> = {
  none: { systemAssigned: false, userAssigned: [] },
  system: { systemAssigned: true, userAssigned: [] },
  userA: { systemAssigned: false, userAssigned: [A] },
  userAB: { systemAssigned: false, userAssigned: [A, B] },
  systemUserA: { systemAssigned: true, userAssigned: [A] },
  systemUserAB: { systemAssigned: true, userAssigned: [A, B] },
};

const operations: Record<string, IdentityOperation> = {
  enableSystem: { kind: 'enableSystemAssigned' },
  disableSystem: { kind: 'disableSystemAssigned' },
  attachA: { kind: 'attachUserAssigned', identityIds: [A] },
  attachC: { kind: 'attachUserAssigned', identityIds: [C] },
  detachA: { kind: 'detachUserAssigned', identityIds: [A] },
  detachAB: { kind: 'detachUserAssigned', identityIds: [A, B] },
  detachC: { kind: 'detachUserAssigned', identityIds: [C] },
};

type Expected = { changed: false } | { changed: true; type: string; uai?: Record<string, object | null> };
const same: Expected = { changed: false };

// Every from-state × operation, written out by hand: the table is the specification.
const table: Record<string, Record<string, Expected>> = {
  none: {
    enableSystem: { changed: true, type: 'SystemAssigned' },
    disableSystem: same,
    attachA: { changed: true, type: 'UserAssigned', uai: { [A]: {} } },
    attachC: { changed: true, type: 'UserAssigned', uai: { [C]: {} } },
    detachA: same,
    detachAB: same,
    detachC: same,
  },
  system: {
    enableSystem: same,
    disableSystem: { changed: true, type: 'None' },
    attachA: { changed: true, type: 'SystemAssigned, UserAssigned', uai: { [A]: {} } },
    attachC: { changed: true, type: 'SystemAssigned, UserAssigned', uai: { [C]: {} } },
    detachA: same,
    detachAB: same,
    detachC: same,
  },
  userA: {
    enableSystem: { changed: true, type: 'SystemAssigned, UserAssigned', uai: { [A]: {} } },
    disableSystem: same,
    attachA: same,
    attachC: { changed: true, type: 'UserAssigned', uai: { [A]: {}, [C]: {} } },
    detachA: { changed: true, type: 'None' }, // the last user-assigned identity
    detachAB: { changed: true, type: 'None' },
    detachC: same,
  },
  userAB: {
    enableSystem: { changed: true, type: 'SystemAssigned, UserAssigned', uai: { [A]: {}, [B]: {} } },
    disableSystem: same,
    attachA: same,
    attachC: { changed: true, type: 'UserAssigned', uai: { [A]: {}, [B]: {}, [C]: {} } },
    detachA: { changed: true, type: 'UserAssigned', uai: { [B]: {}, [A]: null } },
    detachAB: { changed: true, type: 'None' },
    detachC: same,
  },
  systemUserA: {
    enableSystem: same,
    disableSystem: { changed: true, type: 'UserAssigned', uai: { [A]: {} } }, // user-assigned remain
    attachA: same,
    attachC: { changed: true, type: 'SystemAssigned, UserAssigned', uai: { [A]: {}, [C]: {} } },
    detachA: { changed: true, type: 'SystemAssigned' },
    detachAB: { changed: true, type: 'SystemAssigned' },
    detachC: same,
  },
  systemUserAB: {
    enableSystem: same,
    disableSystem: { changed: true, type: 'UserAssigned', uai: { [A]: {}, [B]: {} } },
    attachA: same,
    attachC: { changed: true, type: 'SystemAssigned, UserAssigned', uai: { [A]: {}, [B]: {}, [C]: {} } },
    detachA: { changed: true, type: 'SystemAssigned, UserAssigned', uai: { [B]: {}, [A]: null } },
    detachAB: { changed: true, type: 'SystemAssigned' },
    detachC: same,
  },
};

describe('computeIdentityTransition: every from-state × operation', () => {
  for (const [stateName, state] of Object.entries(states)) {
    for (const [opName, op] of Object.entries(operations)) {
      it(`${stateName} + ${opName}`, () => {
        const expected = table[stateName]?.[opName];
        assert.ok(expected, 'table entry missing');
        const result = computeIdentityTransition(state, op);
        assert.equal(result.changed, expected.changed);
        if (!expected.changed) {
          assert.equal(result.patch, undefined);
          assert.deepEqual(result.to.userAssigned, state.userAssigned);
          return;
        }
        assert.equal(result.patch?.type, expected.type);
        assert.deepEqual(result.patch?.userAssignedIdentities, expected.uai);
        // The new state agrees with the patch.
        const parsed = parseIdentityType(result.patch?.type);
        assert.equal(parsed.systemAssigned, result.to.systemAssigned);
        assert.equal(parsed.userAssigned, result.to.userAssigned.length > 0);
        // Applying the same operation again is a no-op.
        assert.equal(computeIdentityTransition(result.to, op).changed, false);
      });
    }
  }
  it('covers the whole table', () => {
    assert.equal(Object.keys(table).length * Object.keys(operations).length, 42);
  });
});

describe('identity type spellings', () => {
  it('reads both combined spellings, any case, and missing/None', () => {
    for (const t of ['SystemAssigned, UserAssigned', 'SystemAssigned,UserAssigned', 'systemassigned ,  userassigned', 'UserAssigned, SystemAssigned']) {
      assert.deepEqual(parseIdentityType(t), { systemAssigned: true, userAssigned: true }, t);
    }
    for (const t of [undefined, null, '', 'None', 'none']) assert.deepEqual(parseIdentityType(t), { systemAssigned: false, userAssigned: false });
    assert.deepEqual(parseIdentityType('SystemAssigned'), { systemAssigned: true, userAssigned: false });
    assert.deepEqual(parseIdentityType('userAssigned'), { systemAssigned: false, userAssigned: true });
    for (const bad of ['Both', 'None, SystemAssigned', 'SystemAssigned;UserAssigned']) assert.throws(() => parseIdentityType(bad), (e) => ToolError.is(e, 'invalidInput'), bad);
  });

  it('writes the spelling the provider wants', () => {
    assert.equal(formatIdentityType(true, true), 'SystemAssigned, UserAssigned');
    assert.equal(formatIdentityType(true, true, 'comma'), 'SystemAssigned,UserAssigned');
    assert.equal(formatIdentityType(false, false, 'comma'), 'None');
    const result = computeIdentityTransition(states.system, operations.attachA, { spelling: 'comma' });
    assert.equal(result.patch?.type, 'SystemAssigned,UserAssigned');
    assert.equal(detectSpelling('SystemAssigned,UserAssigned', 'commaSpace'), 'comma');
    assert.equal(detectSpelling('SystemAssigned, UserAssigned', 'comma'), 'commaSpace');
    assert.equal(detectSpelling('SystemAssigned', 'comma'), 'comma');
  });

  it('reads a GET identity block, ignoring a stray map when the type has no UserAssigned', () => {
    assert.deepEqual(readIdentityState(undefined), { systemAssigned: false, userAssigned: [] });
    assert.deepEqual(readIdentityState({ type: 'SystemAssigned,UserAssigned', userAssignedIdentities: { [A]: { principalId: 'p' } } }), { systemAssigned: true, userAssigned: [A] });
    assert.deepEqual(readIdentityState({ type: 'SystemAssigned', userAssignedIdentities: { [A]: {} } }), { systemAssigned: true, userAssigned: [] });
  });
});

describe('computeIdentityTransition: ids, constraints and validation', () => {
  it('compares ids case-insensitively and keeps the resource spelling of an existing key for null', () => {
    const lowerA = A.toLowerCase();
    const result = computeIdentityTransition({ systemAssigned: false, userAssigned: [lowerA, B] }, { kind: 'detachUserAssigned', identityIds: [A] });
    assert.deepEqual(result.patch?.userAssignedIdentities, { [B]: {}, [lowerA]: null });
    assert.equal(computeIdentityTransition({ systemAssigned: false, userAssigned: [lowerA] }, { kind: 'attachUserAssigned', identityIds: [A.toUpperCase().replace('/SUBSCRIPTIONS', '/subscriptions')] }).changed, false);
  });

  it('attaches several at once and de-duplicates', () => {
    const result = computeIdentityTransition(states.none, { kind: 'attachUserAssigned', identityIds: [A, B, A.toLowerCase()] });
    assert.deepEqual(Object.keys(result.patch?.userAssignedIdentities ?? {}), [A, B]);
  });

  it('rejects ids that are not user-assigned identities, and empty lists', () => {
    const invalid = (e: unknown): boolean => ToolError.is(e, 'invalidInput');
    assert.throws(() => computeIdentityTransition(states.none, { kind: 'attachUserAssigned', identityIds: [] }), invalid);
    assert.throws(() => computeIdentityTransition(states.none, { kind: 'attachUserAssigned', identityIds: ['/subscriptions/00000000-0000-0000-0000-0000000000a1/resourceGroups/rg/providers/Microsoft.Web/sites/a'] }), invalid);
    assert.throws(() => computeIdentityTransition(states.none, { kind: 'detachUserAssigned', identityIds: ['id1'] }), invalid);
  });

  it('honours providers that take only one kind (AKS control plane) and a maximum count', () => {
    const aks = identityResourceProfile('microsoft.containerservice/MANAGEDCLUSTERS');
    assert.ok(aks);
    const invalid = (e: unknown): boolean => ToolError.is(e, 'invalidInput');
    assert.throws(() => computeIdentityTransition(states.system, operations.attachA, aks), /disable the system-assigned identity first/);
    assert.throws(() => computeIdentityTransition(states.userA, operations.enableSystem, aks), /detach the user-assigned identity first/);
    assert.throws(() => computeIdentityTransition(states.userA, operations.attachC, aks), invalid);
    assert.equal(computeIdentityTransition(states.none, operations.attachA, aks).patch?.type, 'UserAssigned');
    // A no-op never trips a constraint.
    assert.equal(computeIdentityTransition(states.systemUserAB, operations.enableSystem, aks).changed, false);
  });
});

describe('resource profiles', () => {
  it('knows the api-version and spelling per type, and names function apps', () => {
    assert.equal(identityResourceProfile('Microsoft.Web/sites')?.apiVersion, '2024-04-01');
    assert.equal(identityResourceProfile('Microsoft.App/containerApps')?.spelling, 'comma');
    assert.equal(identityResourceProfile('Microsoft.Storage/storageAccounts'), undefined);
    assert.equal(resourceDisplayKind('Microsoft.Web/sites', 'functionapp,linux'), 'Function App');
    assert.equal(resourceDisplayKind('Microsoft.Web/sites', 'app,linux'), 'App Service');
    assert.equal(resourceDisplayKind('Microsoft.Compute/virtualMachines'), 'Virtual machine');
    assert.equal(resourceDisplayKind('Microsoft.Foo/bars'), 'bars');
  });
});
