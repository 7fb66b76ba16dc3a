import type { GrantRoleFollowUp, RoleRecommendation } from './types';

/**
 * The Azure CLI command that grants a recommended role, for users to run themselves (or copy) until
 * the extension grants it directly. The scope is looked up by name and type, so the command works
 * without knowing the subscription or resource group.
 */
export function roleAssignmentCommand(followUp: GrantRoleFollowUp, role: RoleRecommendation, assignee?: string): string {
  const who = assignee && /^[0-9a-fA-F-]{36}$/.test(assignee) ? assignee : '<principal-id-of-the-identity>';
  const name = followUp.resourceName ?? `<${followUp.resourceType.split('/').pop() ?? 'resource'}-name>`;
  if (role.plane === 'cosmosDataPlane') {
    return [
      'az cosmosdb sql role assignment create',
      `--account-name ${shellWord(name)}`,
      '--resource-group <resource-group>',
      `--role-definition-id ${role.roleDefinitionId}`,
      `--principal-id ${who}`,
      '--scope "/"',
    ].join(' ');
  }
  const scope = `$(az resource list --name ${shellWord(name)} --resource-type ${followUp.resourceType} --query "[0].id" --output tsv)`;
  return [
    'az role assignment create',
    `--assignee-object-id ${who}`,
    '--assignee-principal-type ServicePrincipal',
    `--role ${role.roleDefinitionId}`,
    `--scope "${scope}"`,
  ].join(' ');
}

/** Quotes a value for a POSIX shell unless it is a plain word. */
function shellWord(value: string): string {
  return /^[A-Za-z0-9._<>-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
