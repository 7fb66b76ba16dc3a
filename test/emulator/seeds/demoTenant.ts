/**
 * The demo tenant for the sandbox, the e2e tests and the Azure layer's tests: Contoso with three
 * subscriptions, user-assigned identities with tags and federated credentials (GitHub Actions, AKS),
 * web and function apps, VMs, container apps and an AKS cluster with system- and user-assigned identities,
 * storage accounts, Service Bus, Key Vaults, and role assignments at subscription, group and resource
 * scopes. Every id and GUID is fixed (derived from a constant PRNG seed), so screenshots and tests are stable.
 */
import { guidFrom, identityIdOf, prng, resourceIdOf, type SeedFederatedCredential, type SeedIdentity, type SeedResource, type SeedRoleAssignment, type TenantSeed } from '../EmulatorState';

export const demoSubscriptions = {
  production: '3f2a9c1e-7b4d-4e8a-9c61-0d5e8f2b1a01',
  dev: '8c7e1b2a-4d3f-4a9e-b5c2-6e1f0a9d2b02',
  sandbox: 'b1d4e6f8-2a3c-4e5b-8d7f-9a0c1e2d3f03',
} as const;

export const demoTenantId = 'c0a7e2b1-5d4f-4a3e-9b8c-7d6e5f4a3b2c';

/** The signed-in developer (a user principal) the sandbox acts as. */
export const demoDeveloper = { principalId: 'd3e0c0de-1a2b-4c3d-8e4f-5a6b7c8d9e01', displayName: 'Megan Bowen (developer)' };

const roles = {
  owner: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
  contributor: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
  reader: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
  blobReader: '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1',
  blobContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe',
  queueContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88',
  queueSender: 'c6a89b2d-59bc-44d0-9896-0f6e12d7b80a',
  tableContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3',
  sbSender: '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39',
  sbReceiver: '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0',
  ehSender: '2b629674-e913-4c01-ae53-ef4638d8f975',
  kvSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6',
  appConfigReader: '516239f1-63e1-4d78-a4de-a74fb236a071',
  openAiUser: '5e0bd9bd-7b93-4f28-af87-19fc36ad61bd',
  acrPull: '7f951dda-4ed3-4680-a7ca-43fe172d538d',
  miOperator: 'f1a07417-d97a-45cb-824c-7a7467783830',
};

/** Builds the demo tenant (a fresh object each call; the emulator mutates its own copy anyway). */
export function demoTenant(): TenantSeed {
  const random = prng(20251);
  const guid = (): string => guidFrom(random);
  const { production: prod, dev, sandbox } = demoSubscriptions;

  const identities: SeedIdentity[] = [];
  const idOf: Record<string, string> = {};
  const identity = (sub: string, rg: string, name: string, tags: Record<string, string>, location = 'westeurope'): void => {
    identities.push({ subscriptionId: sub, resourceGroup: rg, name, location, tags, clientId: guid(), principalId: guid() });
    idOf[name] = identityIdOf(sub, rg, name);
  };
  identity(prod, 'rg-shop-prod', 'id-shop-api', { app: 'shop', env: 'prod', owner: 'team-checkout' });
  identity(prod, 'rg-shop-prod', 'id-shop-worker', { app: 'shop', env: 'prod', owner: 'team-checkout' });
  identity(prod, 'rg-shop-prod', 'id-shop-frontend', { app: 'shop', env: 'prod', owner: 'team-web' });
  identity(prod, 'rg-platform-prod', 'id-aks-workload', { app: 'platform', env: 'prod', owner: 'team-platform' });
  identity(prod, 'rg-platform-prod', 'id-github-deploy', { purpose: 'ci', env: 'prod', owner: 'team-platform' });
  identity(prod, 'rg-data-prod', 'id-data-ingest', { app: 'data', env: 'prod', owner: 'team-data' });
  identity(prod, 'rg-data-prod', 'id-reporting', { app: 'data', env: 'prod', owner: 'team-data' }, 'northeurope');
  identity(dev, 'rg-shop-dev', 'id-shop-api-dev', { app: 'shop', env: 'dev', owner: 'team-checkout' });
  identity(dev, 'rg-shop-dev', 'id-github-deploy-dev', { purpose: 'ci', env: 'dev' });
  identity(dev, 'rg-ai-dev', 'id-ai-assistant', { app: 'assistant', env: 'dev', owner: 'team-ai' }, 'swedencentral');
  identity(sandbox, 'rg-sandbox', 'id-playground', { env: 'sandbox', 'expires-on': '2026-12-31' });
  identity(sandbox, 'rg-sandbox', 'id-unused', { env: 'sandbox', note: 'no role assignments, no resources' });

  const federatedCredentials: SeedFederatedCredential[] = [
    { identityId: idOf['id-github-deploy'], name: 'github-main', issuer: 'https://token.actions.githubusercontent.com', subject: 'repo:contoso/shop:ref:refs/heads/main' },
    { identityId: idOf['id-github-deploy'], name: 'github-production', issuer: 'https://token.actions.githubusercontent.com', subject: 'repo:contoso/shop:environment:production' },
    { identityId: idOf['id-github-deploy'], name: 'github-infra-main', issuer: 'https://token.actions.githubusercontent.com', subject: 'repo:contoso/infrastructure:ref:refs/heads/main' },
    { identityId: idOf['id-github-deploy-dev'], name: 'github-pull-requests', issuer: 'https://token.actions.githubusercontent.com', subject: 'repo:contoso/shop:pull_request' },
    { identityId: idOf['id-aks-workload'], name: 'aks-orders-api', issuer: 'https://westeurope.oic.prod-aks.azure.com/c0a7e2b1-5d4f-4a3e-9b8c-7d6e5f4a3b2c/6f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9/', subject: 'system:serviceaccount:orders:orders-api' },
    { identityId: idOf['id-aks-workload'], name: 'aks-payments', issuer: 'https://westeurope.oic.prod-aks.azure.com/c0a7e2b1-5d4f-4a3e-9b8c-7d6e5f4a3b2c/6f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9/', subject: 'system:serviceaccount:payments:payments-worker' },
  ];

  const resources: SeedResource[] = [];
  const resId: Record<string, string> = {};
  const resource = (r: SeedResource): void => {
    resources.push(r);
    resId[r.name] = resourceIdOf(r.subscriptionId, r.resourceGroup, r.type, r.name);
  };
  const sys = (systemAssigned: boolean, ...userAssigned: string[]): SeedResource['identity'] => ({ systemAssigned, ...(systemAssigned ? { principalId: guid() } : {}), userAssigned: userAssigned.map((n) => idOf[n]) });
  const web = { httpsOnly: true, state: 'Running' };
  // Production
  resource({ subscriptionId: prod, resourceGroup: 'rg-shop-prod', type: 'Microsoft.Web/serverfarms', name: 'asp-shop-prod', location: 'westeurope', kind: 'linux', properties: { reserved: true } });
  resource({ subscriptionId: prod, resourceGroup: 'rg-shop-prod', type: 'Microsoft.Web/sites', name: 'app-shop-web-prod', location: 'westeurope', kind: 'app,linux', tags: { app: 'shop' }, properties: { ...web, defaultHostName: 'app-shop-web-prod.azurewebsites.net' }, identity: sys(true, 'id-shop-frontend') });
  resource({ subscriptionId: prod, resourceGroup: 'rg-shop-prod', type: 'Microsoft.Web/sites', name: 'app-shop-api-prod', location: 'westeurope', kind: 'app,linux', tags: { app: 'shop' }, properties: { ...web, defaultHostName: 'app-shop-api-prod.azurewebsites.net' }, identity: sys(false, 'id-shop-api') });
  resource({ subscriptionId: prod, resourceGroup: 'rg-shop-prod', type: 'Microsoft.Web/sites', name: 'func-shop-orders-prod', location: 'westeurope', kind: 'functionapp,linux', tags: { app: 'shop' }, properties: { ...web, defaultHostName: 'func-shop-orders-prod.azurewebsites.net' }, identity: sys(true, 'id-shop-worker') });
  resource({ subscriptionId: prod, resourceGroup: 'rg-shop-prod', type: 'Microsoft.Web/sites', name: 'app-shop-legacy', location: 'westeurope', kind: 'app', properties: web });
  resource({ subscriptionId: prod, resourceGroup: 'rg-shop-prod', type: 'Microsoft.Storage/storageAccounts', name: 'stshopprod01', location: 'westeurope', kind: 'StorageV2', tags: { app: 'shop' }, properties: { accessTier: 'Hot', allowSharedKeyAccess: false, minimumTlsVersion: 'TLS1_2' } });
  resource({ subscriptionId: prod, resourceGroup: 'rg-shop-prod', type: 'Microsoft.ServiceBus/namespaces', name: 'sb-shop-prod', location: 'westeurope', tags: { app: 'shop' }, properties: { disableLocalAuth: true } });
  resource({ subscriptionId: prod, resourceGroup: 'rg-shop-prod', type: 'Microsoft.KeyVault/vaults', name: 'kv-shop-prod', location: 'westeurope', properties: { enableRbacAuthorization: true, tenantId: demoTenantId } });
  resource({ subscriptionId: prod, resourceGroup: 'rg-shop-prod', type: 'Microsoft.AppConfiguration/configurationStores', name: 'appcs-shop-prod', location: 'westeurope', properties: { disableLocalAuth: true } });
  resource({ subscriptionId: prod, resourceGroup: 'rg-platform-prod', type: 'Microsoft.ContainerService/managedClusters', name: 'aks-platform-prod', location: 'westeurope', properties: { kubernetesVersion: '1.31.2', oidcIssuerProfile: { enabled: true }, securityProfile: { workloadIdentity: { enabled: true } } }, identity: sys(true) });
  resource({ subscriptionId: prod, resourceGroup: 'rg-platform-prod', type: 'Microsoft.ContainerRegistry/registries', name: 'crcontosoprod', location: 'westeurope', properties: { adminUserEnabled: false } });
  resource({ subscriptionId: prod, resourceGroup: 'rg-platform-prod', type: 'Microsoft.App/containerApps', name: 'ca-orders-api', location: 'westeurope', properties: { configuration: { ingress: { external: true, targetPort: 8080 } } }, identity: sys(true, 'id-aks-workload') });
  resource({ subscriptionId: prod, resourceGroup: 'rg-data-prod', type: 'Microsoft.Compute/virtualMachines', name: 'vm-ingest-01', location: 'westeurope', properties: { hardwareProfile: { vmSize: 'Standard_D2s_v5' } }, identity: sys(true, 'id-data-ingest') });
  resource({ subscriptionId: prod, resourceGroup: 'rg-data-prod', type: 'Microsoft.Compute/virtualMachines', name: 'vm-reporting-01', location: 'northeurope', properties: { hardwareProfile: { vmSize: 'Standard_B2ms' } }, identity: sys(false, 'id-reporting') });
  resource({ subscriptionId: prod, resourceGroup: 'rg-data-prod', type: 'Microsoft.Storage/storageAccounts', name: 'stdatalakeprod', location: 'westeurope', kind: 'StorageV2', properties: { isHnsEnabled: true, allowSharedKeyAccess: true }, identity: sys(true) });
  resource({ subscriptionId: prod, resourceGroup: 'rg-data-prod', type: 'Microsoft.EventHub/namespaces', name: 'evhns-telemetry-prod', location: 'westeurope', properties: {} });
  // Dev
  resource({ subscriptionId: dev, resourceGroup: 'rg-shop-dev', type: 'Microsoft.Web/sites', name: 'app-shop-api-dev', location: 'westeurope', kind: 'app,linux', properties: { ...web, defaultHostName: 'app-shop-api-dev.azurewebsites.net' }, identity: sys(true, 'id-shop-api-dev') });
  resource({ subscriptionId: dev, resourceGroup: 'rg-shop-dev', type: 'Microsoft.Web/sites', name: 'func-shop-orders-dev', location: 'westeurope', kind: 'functionapp,linux', properties: { ...web, defaultHostName: 'func-shop-orders-dev.azurewebsites.net' }, identity: sys(true) });
  resource({ subscriptionId: dev, resourceGroup: 'rg-shop-dev', type: 'Microsoft.Storage/storageAccounts', name: 'stshopdev01', location: 'westeurope', kind: 'StorageV2', properties: { allowSharedKeyAccess: true } });
  resource({ subscriptionId: dev, resourceGroup: 'rg-shop-dev', type: 'Microsoft.ServiceBus/namespaces', name: 'sb-shop-dev', location: 'westeurope', properties: {} });
  resource({ subscriptionId: dev, resourceGroup: 'rg-shop-dev', type: 'Microsoft.KeyVault/vaults', name: 'kv-shop-dev', location: 'westeurope', properties: { enableRbacAuthorization: true, tenantId: demoTenantId } });
  resource({ subscriptionId: dev, resourceGroup: 'rg-ai-dev', type: 'Microsoft.CognitiveServices/accounts', name: 'oai-assistant-dev', location: 'swedencentral', kind: 'OpenAI', properties: { disableLocalAuth: false } });
  resource({ subscriptionId: dev, resourceGroup: 'rg-ai-dev', type: 'Microsoft.App/containerApps', name: 'ca-assistant-dev', location: 'swedencentral', properties: {}, identity: sys(false, 'id-ai-assistant') });
  // Sandbox
  resource({ subscriptionId: sandbox, resourceGroup: 'rg-sandbox', type: 'Microsoft.Web/sites', name: 'app-playground', location: 'westeurope', kind: 'app,linux', properties: web, identity: sys(true) });
  resource({ subscriptionId: sandbox, resourceGroup: 'rg-sandbox', type: 'Microsoft.Storage/storageAccounts', name: 'stplayground01', location: 'westeurope', kind: 'StorageV2', properties: {} });
  resource({ subscriptionId: sandbox, resourceGroup: 'rg-sandbox', type: 'Microsoft.Compute/virtualMachines', name: 'vm-playground', location: 'westeurope', properties: { hardwareProfile: { vmSize: 'Standard_B1s' } } });

  const principalOf = (name: string): string => {
    const i = identities.find((x) => x.name === name);
    if (i !== undefined) return i.principalId!;
    const r = resources.find((x) => x.name === name);
    if (r?.identity?.principalId !== undefined) return r.identity.principalId;
    throw new Error(`demo seed: no principal ${name}`);
  };
  const roleAssignments: SeedRoleAssignment[] = [];
  const grant = (who: string, role: string, scope: string): void => {
    roleAssignments.push({ scope, roleDefinitionId: role, principalId: who === 'developer' ? demoDeveloper.principalId : principalOf(who), principalType: who === 'developer' ? 'User' : 'ServicePrincipal', name: guid() });
  };
  const subScope = (s: string): string => `/subscriptions/${s}`;
  const rgScope = (s: string, rg: string): string => `/subscriptions/${s}/resourceGroups/${rg}`;
  // Workloads → data services (least privilege at the resource).
  grant('id-shop-api', roles.blobContributor, resId.stshopprod01);
  grant('id-shop-api', roles.sbSender, resId['sb-shop-prod']);
  grant('id-shop-api', roles.kvSecretsUser, resId['kv-shop-prod']);
  grant('id-shop-api', roles.appConfigReader, resId['appcs-shop-prod']);
  grant('id-shop-worker', roles.sbReceiver, resId['sb-shop-prod']);
  grant('id-shop-worker', roles.queueContributor, resId.stshopprod01);
  grant('id-shop-worker', roles.tableContributor, resId.stshopprod01);
  grant('id-shop-frontend', roles.blobReader, resId.stshopprod01);
  grant('id-shop-frontend', roles.appConfigReader, resId['appcs-shop-prod']);
  grant('app-shop-web-prod', roles.kvSecretsUser, resId['kv-shop-prod']);
  grant('func-shop-orders-prod', roles.blobContributor, resId.stshopprod01);
  grant('func-shop-orders-prod', roles.queueContributor, resId.stshopprod01);
  grant('func-shop-orders-prod', roles.tableContributor, resId.stshopprod01);
  grant('id-aks-workload', roles.sbSender, resId['sb-shop-prod']);
  grant('id-aks-workload', roles.kvSecretsUser, resId['kv-shop-prod']);
  grant('aks-platform-prod', roles.acrPull, resId.crcontosoprod);
  grant('ca-orders-api', roles.acrPull, resId.crcontosoprod);
  grant('id-data-ingest', roles.blobContributor, resId.stdatalakeprod);
  grant('id-data-ingest', roles.ehSender, resId['evhns-telemetry-prod']);
  grant('vm-ingest-01', roles.reader, rgScope(prod, 'rg-data-prod'));
  grant('id-reporting', roles.blobReader, resId.stdatalakeprod);
  grant('stdatalakeprod', roles.kvSecretsUser, resId['kv-shop-prod']);
  // Broad grants worth a warning in the UI.
  grant('id-github-deploy', roles.contributor, subScope(prod));
  grant('id-github-deploy', roles.miOperator, rgScope(prod, 'rg-platform-prod'));
  grant('id-reporting', roles.reader, subScope(prod));
  // Dev
  grant('id-shop-api-dev', roles.blobContributor, resId.stshopdev01);
  grant('id-shop-api-dev', roles.sbSender, resId['sb-shop-dev']);
  grant('id-shop-api-dev', roles.kvSecretsUser, resId['kv-shop-dev']);
  grant('app-shop-api-dev', roles.blobReader, resId.stshopdev01);
  grant('func-shop-orders-dev', roles.queueSender, resId.stshopdev01);
  grant('id-github-deploy-dev', roles.contributor, rgScope(dev, 'rg-shop-dev'));
  grant('id-ai-assistant', roles.openAiUser, resId['oai-assistant-dev']);
  grant('id-ai-assistant', roles.blobReader, resId.stshopdev01);
  // Sandbox: a playground identity with an owner grant, and the developer's own access.
  grant('id-playground', roles.owner, rgScope(sandbox, 'rg-sandbox'));
  grant('app-playground', roles.blobContributor, resId['stplayground01']);
  grant('developer', roles.owner, subScope(sandbox));
  grant('developer', roles.contributor, subScope(dev));
  grant('developer', roles.reader, subScope(prod));
  grant('developer', roles.blobContributor, resId.stshopdev01);
  grant('developer', roles.kvSecretsUser, resId['kv-shop-dev']);

  return {
    tenantId: demoTenantId,
    subscriptions: [
      { subscriptionId: prod, displayName: 'Contoso Production', resourceGroups: [{ name: 'rg-shop-prod', location: 'westeurope', tags: { app: 'shop' } }, { name: 'rg-platform-prod', location: 'westeurope' }, { name: 'rg-data-prod', location: 'westeurope' }] },
      { subscriptionId: dev, displayName: 'Contoso Dev', resourceGroups: [{ name: 'rg-shop-dev', location: 'westeurope' }, { name: 'rg-ai-dev', location: 'swedencentral' }] },
      { subscriptionId: sandbox, displayName: 'Contoso Sandbox', resourceGroups: [{ name: 'rg-sandbox', location: 'westeurope' }] },
    ],
    principals: [
      { principalId: demoDeveloper.principalId, principalType: 'User', displayName: demoDeveloper.displayName },
      { principalId: 'a1b2c3d4-0000-4000-8000-00000000a11c', principalType: 'Group', displayName: 'Contoso Platform Engineers' },
    ],
    identities,
    federatedCredentials,
    resources,
    roleAssignments,
    customRoles: [
      {
        id: '0e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b',
        roleName: 'Contoso Deployment Operator',
        description: 'Deploys app code and restarts apps; cannot change access.',
        assignableScopes: [subScope(prod), subScope(dev)],
        actions: ['Microsoft.Web/sites/read', 'Microsoft.Web/sites/restart/action', 'Microsoft.Web/sites/publish/Action', 'Microsoft.Resources/deployments/*'],
      },
    ],
  };
}
