import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { roleAssignmentCommand } from '../../src/core/fixes/azCli';
import type { GrantRoleFollowUp, RoleRecommendation } from '../../src/core/fixes/types';

const blobContributor: RoleRecommendation = {
  roleName: 'Storage Blob Data Contributor',
  roleDefinitionId: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe',
  reason: 'read and write blobs',
  plane: 'arm',
};
const storage: GrantRoleFollowUp = {
  kind: 'grantRole',
  service: 'storage',
  resourceType: 'Microsoft.Storage/storageAccounts',
  resourceName: 'contosodata',
  roles: [blobContributor],
};

describe('roleAssignmentCommand', () => {
  it('grants the role on the resource found by name and type, to a service principal', () => {
    const command = roleAssignmentCommand(storage, blobContributor, '11111111-2222-3333-4444-555555555555');
    assert.equal(
      command,
      'az role assignment create --assignee-object-id 11111111-2222-3333-4444-555555555555 --assignee-principal-type ServicePrincipal ' +
        '--role ba92f5b4-2d11-453d-a403-e96b0029c9fe ' +
        '--scope "$(az resource list --name contosodata --resource-type Microsoft.Storage/storageAccounts --query "[0].id" --output tsv)"',
    );
  });

  it('uses placeholders for an unknown principal or resource name, and quotes odd names', () => {
    const unnamed = roleAssignmentCommand({ ...storage, resourceName: undefined }, blobContributor, 'not-a-guid');
    assert.match(unnamed, /--assignee-object-id <principal-id-of-the-identity>/);
    assert.match(unnamed, /--name <storageAccounts-name>/);
    const odd = roleAssignmentCommand({ ...storage, resourceName: "it's; rm -rf" }, blobContributor);
    assert.match(odd, /--name 'it'\\''s; rm -rf'/);
  });

  it('uses the Cosmos DB data-plane command for data-plane roles', () => {
    const cosmos = roleAssignmentCommand(
      { kind: 'grantRole', service: 'cosmosDb', resourceType: 'Microsoft.DocumentDB/databaseAccounts', resourceName: 'contoso-cosmos', roles: [] },
      { roleName: 'Cosmos DB Built-in Data Contributor', roleDefinitionId: '00000000-0000-0000-0000-000000000002', reason: 'read and write items', plane: 'cosmosDataPlane' },
    );
    assert.match(cosmos, /^az cosmosdb sql role assignment create --account-name contoso-cosmos /);
    assert.match(cosmos, /--role-definition-id 00000000-0000-0000-0000-000000000002/);
  });
});
