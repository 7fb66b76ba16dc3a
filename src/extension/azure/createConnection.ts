export { deletionProgress } from '../../azure/IdentityDeletion';
import type { Logger } from '../shared/logger';
import type { AzureConnection } from './AzureConnection';
import { readAzureConnectionSettings } from './azureSettings';
import { CustomEndpointConnection } from './customEndpointConnection';
import { MicrosoftAccountConnection } from './microsoftAccountConnection';

/**
 * The connection the settings ask for: a custom Resource Manager endpoint, or the Microsoft account.
 * This module brings in the Azure SDK and the sign-in toolkit, so the explorer loads it with `import()`
 * on first use, never at activation.
 */
export function createConnection(logger: Logger): AzureConnection {
  const settings = readAzureConnectionSettings();
  if (settings.resourceManagerEndpoint) {
    logger.info(`Using the Resource Manager endpoint ${settings.resourceManagerEndpoint} (managedIdentity.azure.resourceManagerEndpoint)`);
    return new CustomEndpointConnection(settings);
  }
  return new MicrosoftAccountConnection();
}
