/**
 * Every command the extension contributes. `test/unit/commandIds.test.ts` checks this list against
 * `contributes.commands` in package.json, so the two cannot drift apart.
 */
export const commandIds = [
  'managedIdentity.refresh',
  'managedIdentity.showLog',
  'managedIdentity.scanWorkspace',
  'managedIdentity.fixSecret',
  'managedIdentity.fixAllSecretsInFile',
  'managedIdentity.explainSecret',
  'managedIdentity.secretFixApplied',
  'managedIdentity.signIn',
  'managedIdentity.selectSubscriptions',
  'managedIdentity.retrySubscription',
  'managedIdentity.filter',
  'managedIdentity.clearFilter',
  'managedIdentity.copyClientId',
  'managedIdentity.copyPrincipalId',
  'managedIdentity.copyResourceId',
  'managedIdentity.openInPortal',
  'managedIdentity.createIdentity',
  'managedIdentity.deleteIdentity',
  'managedIdentity.assignIdentity',
  'managedIdentity.unassignIdentity',
  'managedIdentity.enableSystemAssigned',
  'managedIdentity.disableSystemAssigned',
  'managedIdentity.grantRole',
  'managedIdentity.removeRoleAssignment',
  'managedIdentity.addFederatedCredential',
  'managedIdentity.deleteFederatedCredential',
  'managedIdentity.grantMyAccountSameRoles',
] as const;

export type CommandId = (typeof commandIds)[number];
