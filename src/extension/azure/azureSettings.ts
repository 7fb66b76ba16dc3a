import * as vscode from 'vscode';
import { configSection } from '../shared/config';

/**
 * How the extension reaches Azure Resource Manager. Empty `resourceManagerEndpoint` (the default): sign in
 * with VS Code's Microsoft account, in the cloud VS Code is configured for (`microsoft-sovereign-cloud.*`).
 * Set: that endpoint (Azure Stack Hub, a proxy, the local ARM emulator) with DefaultAzureCredential.
 */
export interface AzureConnectionSettings {
  readonly resourceManagerEndpoint: string;
  /** Token audience for the custom endpoint; empty means the endpoint itself. */
  readonly resourceManagerAudience: string;
  /** PEM file with an extra CA certificate to trust for the custom endpoint. */
  readonly caCertificateFile: string;
  /** Portal for "Open in Portal" with a custom endpoint. */
  readonly portalUrl: string;
}

export const azureSettingKeys = ['azure.resourceManagerEndpoint', 'azure.resourceManagerAudience', 'azure.caCertificateFile', 'azure.portalUrl'] as const;

export function readAzureConnectionSettings(): AzureConnectionSettings {
  const config = vscode.workspace.getConfiguration(configSection);
  return {
    resourceManagerEndpoint: config.get<string>('azure.resourceManagerEndpoint', '').trim(),
    resourceManagerAudience: config.get<string>('azure.resourceManagerAudience', '').trim(),
    caCertificateFile: config.get<string>('azure.caCertificateFile', '').trim(),
    portalUrl: config.get<string>('azure.portalUrl', '').trim() || 'https://portal.azure.com',
  };
}

export function affectsAzureConnection(event: vscode.ConfigurationChangeEvent): boolean {
  return azureSettingKeys.some((key) => event.affectsConfiguration(`${configSection}.${key}`)) || event.affectsConfiguration('microsoft-sovereign-cloud');
}
