/**
 * What the identity commands need to know per ARM resource type: the api-version to GET and PATCH it
 * with, how its identity `type` is spelled on the wire, and what combinations it allows.
 */

export type IdentityTypeSpelling =
  /** `"SystemAssigned, UserAssigned"`: older resource providers (App Service, Compute, AKS, Logic Apps). */
  | 'commaSpace'
  /** `"SystemAssigned,UserAssigned"`: common-types v4+/v5 `ManagedServiceIdentityType` (Container Apps, most newer providers). */
  | 'comma';

export interface IdentityResourceProfile {
  /** Canonical casing, e.g. `Microsoft.Web/sites`. */
  readonly resourceType: string;
  /** What to call it in the UI. */
  readonly displayName: string;
  readonly apiVersion: string;
  readonly spelling: IdentityTypeSpelling;
  /** False when the resource takes either a system-assigned or user-assigned identity, not both (AKS control plane). */
  readonly supportsSystemAndUser: boolean;
  /** Upper bound on user-assigned identities, when the provider has one. */
  readonly maxUserAssigned?: number;
}

const profiles: readonly IdentityResourceProfile[] = [
  { resourceType: 'Microsoft.Web/sites', displayName: 'App Service', apiVersion: '2024-04-01', spelling: 'commaSpace', supportsSystemAndUser: true },
  { resourceType: 'Microsoft.Web/sites/slots', displayName: 'Deployment slot', apiVersion: '2024-04-01', spelling: 'commaSpace', supportsSystemAndUser: true },
  { resourceType: 'Microsoft.Compute/virtualMachines', displayName: 'Virtual machine', apiVersion: '2024-11-01', spelling: 'commaSpace', supportsSystemAndUser: true },
  { resourceType: 'Microsoft.Compute/virtualMachineScaleSets', displayName: 'Virtual machine scale set', apiVersion: '2024-11-01', spelling: 'commaSpace', supportsSystemAndUser: true },
  { resourceType: 'Microsoft.App/containerApps', displayName: 'Container App', apiVersion: '2025-01-01', spelling: 'comma', supportsSystemAndUser: true },
  { resourceType: 'Microsoft.App/jobs', displayName: 'Container Apps job', apiVersion: '2025-01-01', spelling: 'comma', supportsSystemAndUser: true },
  { resourceType: 'Microsoft.ContainerService/managedClusters', displayName: 'AKS cluster', apiVersion: '2025-01-01', spelling: 'commaSpace', supportsSystemAndUser: false, maxUserAssigned: 1 },
  { resourceType: 'Microsoft.Logic/workflows', displayName: 'Logic App', apiVersion: '2019-05-01', spelling: 'commaSpace', supportsSystemAndUser: false, maxUserAssigned: 1 },
  { resourceType: 'Microsoft.DataFactory/factories', displayName: 'Data factory', apiVersion: '2018-06-01', spelling: 'commaSpace', supportsSystemAndUser: true },
  { resourceType: 'Microsoft.ApiManagement/service', displayName: 'API Management', apiVersion: '2024-05-01', spelling: 'commaSpace', supportsSystemAndUser: true },
];

const byType = new Map(profiles.map((p) => [p.resourceType.toLowerCase(), p]));

/** The profile for a resource type (case-insensitive), or undefined when we have none. */
export function identityResourceProfile(resourceType: string): IdentityResourceProfile | undefined {
  return byType.get(resourceType.toLowerCase());
}

/** Every known profile, for pickers and tests. */
export function identityResourceProfiles(): readonly IdentityResourceProfile[] {
  return profiles;
}

/** A display name for a resource: Function apps are `Microsoft.Web/sites` whose `kind` contains `functionapp`. */
export function resourceDisplayKind(resourceType: string, kind?: string): string {
  const lowerKind = (kind ?? '').toLowerCase();
  if (resourceType.toLowerCase() === 'microsoft.web/sites') {
    if (lowerKind.includes('functionapp')) return 'Function App';
    if (lowerKind.includes('workflowapp')) return 'Logic App (Standard)';
    return 'App Service';
  }
  return identityResourceProfile(resourceType)?.displayName ?? resourceType.split('/').slice(-1)[0] ?? resourceType;
}
